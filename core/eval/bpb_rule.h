#pragma once

#include <string>
#include <vector>

namespace hullft {

// Which tokens of a text bits per byte scores (core/eval/README.md, "Bits per byte").
enum class BpbRule {
    Full,       // every token after the first, in sliding windows: all bits over all bytes
    Reference,  // the reference's: the first window's tokens only, over all bytes (parity runs)
};

// "full" or "reference": what the CLI's --bpb-rule takes and every output names.
std::string bpbRuleName(BpbRule rule);
// InputError naming `source` (e.g. "--bpb-rule") and the allowed names for an unknown name.
BpbRule parseBpbRule(const std::string& name, const std::string& source = "bpb rule");
// Every rule's name, the default first.
std::vector<std::string> bpbRuleNames();

}  // namespace hullft
