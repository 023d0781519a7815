#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hullft::cli {

// `--name value` options, `--flag` switches and positional words of one subcommand.
// Unknown options are an error: a typo must not silently fall back to a default.
class Arguments {
public:
    // `valueOptions` take a value, `flags` take none. Throws UsageError on anything else.
    Arguments(const std::vector<std::string>& words, const std::vector<std::string>& valueOptions,
              const std::vector<std::string>& flags);

    bool has(const std::string& name) const;
    std::string value(const std::string& name) const;  // UsageError if absent
    std::string valueOr(const std::string& name, const std::string& fallback) const;
    int intValue(const std::string& name, int fallback) const;
    // intValue within [low, high], else UsageError naming the option and both bounds: where a
    // larger value would ask for unbounded work or memory, one argument cannot.
    int boundedIntValue(const std::string& name, int fallback, int low, int high) const;
    double doubleValue(const std::string& name, double fallback) const;
    // A comma-separated value ("alpha,beta"), empty items dropped; empty when absent.
    std::vector<std::string> listValue(const std::string& name) const;
    bool flag(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> values_;
    std::map<std::string, bool> flags_;
    std::vector<std::string> positional_;
};

}  // namespace hullft::cli
