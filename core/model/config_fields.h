#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hullft {

// Typed reads of a config.json object. A field that is absent or null takes the fallback given
// (transformers' default for that family, since save_pretrained and hand-written configs leave
// fields out); a field of the wrong type or range is an InputError naming the file and field.
class ConfigFields {
public:
    ConfigFields(const nlohmann::json& config, std::string source);

    const nlohmann::json& json() const { return config_; }
    const std::string& source() const { return source_; }
    bool has(const std::string& field) const;  // present and not null

    int64_t positive(const std::string& field) const;  // required
    int64_t positiveOr(const std::string& field, int64_t fallback) const;
    double positiveNumberOr(const std::string& field, double fallback) const;
    bool booleanOr(const std::string& field, bool fallback) const;
    std::string stringOr(const std::string& field, const std::string& fallback) const;
    // A token id, or a list of them (the first is taken), or null (none).
    std::optional<int64_t> tokenIdOr(const std::string& field, std::optional<int64_t> fallback) const;

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const;

private:
    nlohmann::json config_;
    std::string source_;
};

}  // namespace hullft
