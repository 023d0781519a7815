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
    TokenizerConfig result;
    result.beginningOfTextToken = readToken(config, "bos_token", path);
    result.endOfTextToken = readToken(config, "eos_token", path);
    result.addBeginningOfText = readFlag(config, "add_bos_token", path);
    result.addEndOfText = readFlag(config, "add_eos_token", path);
    result.tokenizerClass = readString(config, "tokenizer_class", path);
    result.legacy = readFlag(config, "legacy", path);
    result.addPrefixSpace = readFlag(config, "add_prefix_space", path);
    result.doLowerCase = readFlag(config, "do_lower_case", path);
    result.stripAccents = readFlag(config, "strip_accents", path);
    result.tokenizeChineseChars = readFlag(config, "tokenize_chinese_chars", path);
    result.unknownToken = readToken(config, "unk_token", path);
    result.classifierToken = readToken(config, "cls_token", path);
    result.separatorToken = readToken(config, "sep_token", path);
    return result;
}

}  // namespace hullft
