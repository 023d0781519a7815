#include "model/config_fields.h"

#include <cmath>
#include <limits>

#include "common/errors.h"

namespace hullft {

ConfigFields::ConfigFields(const nlohmann::json& config, std::string source)
    : config_(config), source_(std::move(source)) {
    if (!config_.is_object()) throw InputError(source_, "not a JSON object");
}

bool ConfigFields::has(const std::string& field) const {
    const auto found = config_.find(field);
    return found != config_.end() && !found->is_null();
}

void ConfigFields::fail(const std::string& field, const std::string& problem) const {
    throw InputError(source_, "field '" + field + "' " + problem);
}

int64_t ConfigFields::positive(const std::string& field) const {
    if (!has(field)) fail(field, "is missing");
    return positiveOr(field, 0);
}

int64_t ConfigFields::positiveOr(const std::string& field, int64_t fallback) const {
    if (!has(field)) return fallback;
    const nlohmann::json& item = config_[field];
    if (!item.is_number_integer() || item.get<int64_t>() <= 0)
        fail(field, "must be a positive integer, got " + item.dump());
    return item.get<int64_t>();
}

double ConfigFields::positiveNumberOr(const std::string& field, double fallback) const {
    if (!has(field)) return fallback;
    const nlohmann::json& item = config_[field];
    if (!item.is_number() || !(item.get<double>() > 0) || !std::isfinite(item.get<double>()))
        fail(field, "must be a positive number, got " + item.dump());
    return item.get<double>();
}

bool ConfigFields::booleanOr(const std::string& field, bool fallback) const {
    if (!has(field)) return fallback;
    if (!config_[field].is_boolean()) fail(field, "must be true or false, got " + config_[field].dump());
    return config_[field].get<bool>();
}

std::string ConfigFields::stringOr(const std::string& field, const std::string& fallback) const {
    if (!has(field)) return fallback;
    if (!config_[field].is_string()) fail(field, "must be a string, got " + config_[field].dump());
    return config_[field].get<std::string>();
}

std::optional<int64_t> ConfigFields::tokenIdOr(const std::string& field, std::optional<int64_t> fallback) const {
    const auto found = config_.find(field);
    if (found == config_.end()) return fallback;
    if (found->is_null()) return std::nullopt;
    const nlohmann::json& item = found->is_array() && !found->empty() ? found->front() : *found;
    if (!item.is_number_integer() || item.get<int64_t>() < 0)
        fail(field, "must be a token id, got " + found->dump());
    return item.get<int64_t>();
}

}  // namespace hullft
