#include "cli/arguments.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "cli/cli_output.h"

namespace hullft::cli {

namespace {
bool contains(const std::vector<std::string>& list, const std::string& word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}
}  // namespace

Arguments::Arguments(const std::vector<std::string>& words, const std::vector<std::string>& valueOptions,
                     const std::vector<std::string>& flags) {
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (word.rfind("--", 0) != 0 || word == "--") {
            positional_.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (contains(flags, name) && !inlineValue) {
            flags_[name] = true;
        } else if (contains(valueOptions, name)) {
            if (inlineValue) {
                values_[name] = *inlineValue;
            } else {
                if (i + 1 >= words.size()) throw UsageError("option --" + name + " needs a value");
                values_[name] = words[++i];
            }
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

bool Arguments::has(const std::string& name) const { return values_.count(name) > 0; }

std::string Arguments::value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) throw UsageError("missing required option --" + name);
    return it->second;
}

std::string Arguments::valueOr(const std::string& name, const std::string& fallback) const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

int Arguments::intValue(const std::string& name, int fallback) const {
    if (!has(name)) return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    const long parsed = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || parsed < INT32_MIN || parsed > INT32_MAX)
        throw UsageError("option --" + name + " expects an integer, got '" + text + "'");
    return static_cast<int>(parsed);
}

int Arguments::boundedIntValue(const std::string& name, int fallback, int low, int high) const {
    const int value = intValue(name, fallback);
    if (value < low || value > high)
        throw UsageError("--" + name + " must be between " + std::to_string(low) + " and " + std::to_string(high) +
                         ", got " + std::to_string(value));
    return value;
}

double Arguments::doubleValue(const std::string& name, double fallback) const {
    if (!has(name)) return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(parsed))
        throw UsageError("option --" + name + " expects a finite number, got '" + text + "'");
    return parsed;
}

std::vector<std::string> Arguments::listValue(const std::string& name) const {
    std::vector<std::string> items;
    const std::string text = valueOr(name, "");
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start) items.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return items;
}

bool Arguments::flag(const std::string& name) const { return flags_.count(name) > 0; }

}  // namespace hullft::cli
