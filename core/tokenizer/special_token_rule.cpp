#include "tokenizer/special_token_rule.h"

#include "common/errors.h"

namespace hullft {
namespace {

using nlohmann::json;

std::string typeOf(const json& node) { return node.is_object() ? node.value("type", std::string()) : ""; }

// Rule 1: the template transformers rebuilds from add_bos_token / add_eos_token.
SpecialTokenTemplate fromConfigFlags(const TokenizerConfig& config,
                                     const std::function<int64_t(const std::string&)>& idOf,
                                     const std::string& path) {
    const auto idOfConfigToken = [&](const std::string& token, const char* field) {
        const int64_t id = idOf(token);
        if (id < 0)
            throw InputError(path, std::string("tokenizer_config.json's ") + field + " \"" + token +
                                       "\" is not in the vocabulary");
        return id;
    };
    SpecialTokenTemplate result;
    if (config.addBeginningOfText.value_or(false) && config.beginningOfTextToken)
        result.prefix.push_back(idOfConfigToken(*config.beginningOfTextToken, "bos_token"));
    if (config.addEndOfText.value_or(false) && config.endOfTextToken)
        result.suffix.push_back(idOfConfigToken(*config.endOfTextToken, "eos_token"));
    return result;
}

// The ids a TemplateProcessing "SpecialToken" item stands for, from the processor's special_tokens.
std::vector<int64_t> templateTokenIds(const json& item, const json& specialTokens, const std::string& path,
                                      const std::string& field) {
    const json& token = item["SpecialToken"];
    if (!token.is_object() || !token.contains("id") || !token["id"].is_string())
        throw InputError(path, field + ".SpecialToken needs a string \"id\"");
    const std::string name = token["id"].get<std::string>();
    if (!specialTokens.is_object() || !specialTokens.contains(name))
        throw InputError(path, field + " names \"" + name + "\", which special_tokens does not define");
    const json& ids = specialTokens[name].value("ids", json());
    if (!ids.is_array() || ids.empty())
        throw InputError(path, "special_tokens[\"" + name + "\"].ids must be a non-empty array of ids");
    std::vector<int64_t> result;
    for (const json& id : ids) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0)
            throw InputError(path, "special_tokens[\"" + name + "\"].ids holds " + id.dump() + ", not an id");
        result.push_back(id.get<int64_t>());
    }
    return result;
}

// TemplateProcessing's `single`: special tokens around exactly one {"Sequence": {"id": "A"}}.
SpecialTokenTemplate fromTemplate(const json& processor, const std::string& path, const std::string& field) {
    const json& single = processor.value("single", json());
    if (!single.is_array()) throw InputError(path, field + ".single must be an array");
    SpecialTokenTemplate result;
    int sequences = 0;
    for (size_t i = 0; i < single.size(); ++i) {
        const std::string itemField = field + ".single[" + std::to_string(i) + "]";
        const json& item = single[i];
        if (item.is_object() && item.size() == 1 && item.contains("SpecialToken")) {
            const std::vector<int64_t> ids =
                templateTokenIds(item, processor.value("special_tokens", json()), path, itemField);
            auto& side = sequences == 0 ? result.prefix : result.suffix;
            side.insert(side.end(), ids.begin(), ids.end());
        } else if (item.is_object() && item.size() == 1 && item.contains("Sequence") &&
                   item["Sequence"].is_object() && item["Sequence"].value("id", json()) == "A") {
            ++sequences;
        } else {
            throw InputError(path,
                             itemField +
                                 " must be {\"SpecialToken\": ...} or {\"Sequence\": {\"id\": \"A\"}}, got " +
                                 item.dump());
        }
    }
    if (sequences != 1)
        throw InputError(path, field + ".single must hold sequence A exactly once, holds it " +
                                   std::to_string(sequences) + " times");
    return result;
}

// RobertaProcessing / BertProcessing: {"cls": ["<s>", 0], "sep": ["</s>", 2]}.
int64_t clsOrSepId(const json& processor, const char* key, const std::string& path,
                   const std::string& field) {
    const json& entry = processor.value(key, json());
    if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() || !entry[1].is_number_integer() ||
        entry[1].get<int64_t>() < 0)
        throw InputError(path, field + "." + key + " must be [\"token\", id], got " + entry.dump());
    return entry[1].get<int64_t>();
}

SpecialTokenTemplate fromPostProcessor(const json& processor, const std::string& path,
                                       const std::string& field) {
    const std::string type = typeOf(processor);
    if (type == "ByteLevel") return {};
    if (type == "TemplateProcessing") return fromTemplate(processor, path, field);
    if (type == "RobertaProcessing" || type == "BertProcessing")
        return {{clsOrSepId(processor, "cls", path, field)}, {clsOrSepId(processor, "sep", path, field)}};
    if (type == "Sequence") {
        const json& processors = processor.value("processors", json());
        if (!processors.is_array()) throw InputError(path, field + ".processors must be an array");
        SpecialTokenTemplate result;
        for (size_t i = 0; i < processors.size(); ++i) {
            const SpecialTokenTemplate inner =
                fromPostProcessor(processors[i], path, field + ".processors[" + std::to_string(i) + "]");
            result.prefix.insert(result.prefix.begin(), inner.prefix.begin(), inner.prefix.end());
            result.suffix.insert(result.suffix.end(), inner.suffix.begin(), inner.suffix.end());
        }
        return result;
    }
    throw InputError(path, field + " of type \"" + type + "\" is not supported");
}

}  // namespace

SpecialTokenTemplate specialTokenTemplate(const json& postProcessor, const TokenizerConfig& config,
                                          const std::function<int64_t(const std::string&)>& idOf,
                                          const std::string& path) {
    if (config.addBeginningOfText || config.addEndOfText || postProcessor.is_null())
        return fromConfigFlags(config, idOf, path);
    return fromPostProcessor(postProcessor, path, "post_processor");
}

std::vector<int64_t> Tokenizer::encodeWithSpecialTokens(const std::string& utf8) const {
    std::vector<int64_t> ids = specialTokens_.prefix;
    const std::vector<int64_t> text = encode(utf8);
    ids.insert(ids.end(), text.begin(), text.end());
    ids.insert(ids.end(), specialTokens_.suffix.begin(), specialTokens_.suffix.end());
    return ids;
}

}  // namespace hullft
