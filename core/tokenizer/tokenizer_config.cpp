#include "tokenizer/tokenizer_config.h"

#include "common/errors.h"

namespace hullft {
namespace {

std::optional<std::string> readToken(const nlohmann::json& config, const char* field,
                                     const std::string& path) {
    const auto found = config.find(field);
    if (found == config.end() || found->is_null()) return std::nullopt;
    if (found->is_string()) return found->get<std::string>();
    if (found->is_object() && found->contains("content") && (*found)["content"].is_string())
        return (*found)["content"].get<std::string>();
    throw InputError(
        path, std::string(field) + " must be a string or {\"content\": \"...\"}, got " + found->dump());
}

std::optional<std::string> readString(const nlohmann::json& config, const char* field,
                                      const std::string& path) {
    const auto found = config.find(field);
    if (found == config.end() || found->is_null()) return std::nullopt;
    if (!found->is_string())
        throw InputError(path, std::string(field) + " must be a string, got " + found->dump());
    return found->get<std::string>();
}

std::optional<bool> readFlag(const nlohmann::json& config, const char* field, const std::string& path) {
    const auto found = config.find(field);
    if (found == config.end() || found->is_null()) return std::nullopt;
    if (!found->is_boolean())
        throw InputError(path, std::string(field) + " must be true or false, got " + found->dump());
    return found->get<bool>();
}

}  // namespace

TokenizerConfig readTokenizerConfig(const nlohmann::json& config, const std::string& path) {
    if (!config.is_object()) throw InputError(path, "expected a JSON object");
    return {readToken(config, "bos_token", path),        readToken(config, "eos_token", path),
            readFlag(config, "add_bos_token", path),     readFlag(config, "add_eos_token", path),
            readString(config, "tokenizer_class", path), readFlag(config, "legacy", path),
            readFlag(config, "add_prefix_space", path)};
}

}  // namespace hullft
