#include "eval/bpb_rule.h"

#include "common/errors.h"

namespace hullft {

namespace {
struct RuleName {
    BpbRule rule;
    const char* name;
};
constexpr RuleName kNames[] = {{BpbRule::Full, "full"}, {BpbRule::Reference, "reference"}};
}  // namespace

std::string bpbRuleName(BpbRule rule) {
    for (const auto& entry : kNames)
        if (entry.rule == rule) return entry.name;
    return "unknown";
}

BpbRule parseBpbRule(const std::string& name, const std::string& source) {
    for (const auto& entry : kNames)
        if (name == entry.name) return entry.rule;
    std::string names;
    for (const auto& entry : kNames) names += std::string(names.empty() ? "" : ", ") + entry.name;
    throw InputError(source, "unknown BPB rule '" + name + "' (allowed: " + names + ")");
}

std::vector<std::string> bpbRuleNames() {
    std::vector<std::string> names;
    for (const auto& entry : kNames) names.emplace_back(entry.name);
    return names;
}

}  // namespace hullft
