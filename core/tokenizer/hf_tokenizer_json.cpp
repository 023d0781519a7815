#include "tokenizer/hf_tokenizer_json.h"

#include "common/errors.h"
#include "common/json_io.h"
#include "tokenizer/bpe_file_parsing.h"
#include "tokenizer/byte_level_bpe_tokenizer.h"

namespace hullft {
namespace {

using nlohmann::json;

const std::string kFamily = "hullft reads byte-level BPE tokenizers only (GPT-2, RoBERTa, Llama-3, Qwen)";

std::string typeOf(const json& node) { return node.is_object() ? node.value("type", std::string()) : ""; }

// Present and neither null nor `neutral` (0, "", false): a setting hullft does not implement.
bool isSet(const json& object, const char* key, const json& neutral) {
    return object.contains(key) && !object[key].is_null() && object[key] != neutral;
}

std::vector<MergeRule> readMerges(const json& merges, const std::string& path) {
    if (!merges.is_array()) throw InputError(path, "model.merges must be an array");
    std::vector<MergeRule> rules;
    rules.reserve(merges.size());
    for (size_t i = 0; i < merges.size(); ++i) {
        const std::string where = "model.merges[" + std::to_string(i) + "]";
        const json& entry = merges[i];
        if (entry.is_string()) {
            rules.push_back(parseMergeLine(entry.get<std::string>(), path, where));
        } else if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string() &&
                   !entry[0].get<std::string>().empty() && !entry[1].get<std::string>().empty()) {
            rules.push_back({entry[0].get<std::string>(), entry[1].get<std::string>(), where});
        } else {
            throw InputError(path, where + ": expected \"a b\" or [\"a\", \"b\"], got " + entry.dump());
        }
    }
    return rules;
}

std::unique_ptr<BytePairEncoding> readModel(const json& model, const std::string& path) {
    if (!model.is_object()) throw InputError(path, "model is missing or not an object");
    const std::string type = typeOf(model);
    if (type != "BPE" && !(type.empty() && model.contains("merges")))
        throw InputError(path, "model.type is \"" + type + "\": " + kFamily);
    if (isSet(model, "dropout", 0.0))
        throw InputError(path, "model.dropout is set: BPE dropout is not supported");
    if (isSet(model, "continuing_subword_prefix", "") || isSet(model, "end_of_word_suffix", ""))
        throw InputError(path, "model uses a subword prefix or suffix: " + kFamily);
    if (isSet(model, "byte_fallback", false))
        throw InputError(path, "model.byte_fallback is true (SentencePiece-style BPE): " + kFamily);
    const bool ignoreMerges = model.value("ignore_merges", false);
    if (!model.contains("vocab")) throw InputError(path, "model.vocab is missing");
    return std::make_unique<BytePairEncoding>(parseBpeVocab(model["vocab"], path, "model.vocab"),
                                              readMerges(model.value("merges", json::array()), path), path,
                                              path, ignoreMerges);
}

bool readNormalizer(const json& normalizer, const std::string& path) {
    if (normalizer.is_null()) return false;
    const std::string type = typeOf(normalizer);
    if (type == "NFC") return true;
    if (type == "Sequence" && normalizer.value("normalizers", json::array()).empty()) return false;
    if (type == "Sequence" && normalizer["normalizers"].size() == 1 &&
        typeOf(normalizer["normalizers"][0]) == "NFC")
        return true;
    throw InputError(
        path, "normalizer " + normalizer.dump() + " is not supported (byte-level BPE uses none or NFC)");
}

PreTokenizerStep readSplit(const json& split, const std::string& path, const std::string& field) {
    const json pattern = split.value("pattern", json());
    if (!pattern.is_object() || !pattern.contains("Regex") || !pattern["Regex"].is_string())
        throw InputError(path, field + ".pattern must be {\"Regex\": \"...\"}, got " + pattern.dump());
    if (split.value("invert", false)) throw InputError(path, field + ".invert true is not supported");
    const std::string behavior = split.value("behavior", std::string());
    if (behavior != "Isolated" && behavior != "Removed")
        throw InputError(path,
                         field + ".behavior \"" + behavior + "\" is not supported (Isolated or Removed)");
    return {PreTokenizerStep::Kind::Split,
            std::make_shared<Pcre2Regex>(pattern["Regex"].get<std::string>(), path + ": " + field),
            behavior == "Isolated", false};
}

PreTokenizerStep readByteLevel(const json& byteLevel) {
    return {PreTokenizerStep::Kind::ByteLevel,
            byteLevel.value("use_regex", true)
                ? std::make_shared<Pcre2Regex>(kGpt2PreTokenizerPattern, "GPT-2 regex")
                : nullptr,
            true, byteLevel.value("add_prefix_space", true)};
}

std::vector<PreTokenizerStep> readPreTokenizer(const json& preTokenizer, const std::string& path) {
    if (preTokenizer.is_null()) throw InputError(path, "pre_tokenizer is missing: " + kFamily);
    const bool isSequence = typeOf(preTokenizer) == "Sequence";
    const json steps =
        isSequence ? preTokenizer.value("pretokenizers", json::array()) : json::array({preTokenizer});
    std::vector<PreTokenizerStep> result;
    bool hasByteLevel = false;
    for (size_t i = 0; i < steps.size(); ++i) {
        const std::string field =
            isSequence ? "pre_tokenizer.pretokenizers[" + std::to_string(i) + "]" : "pre_tokenizer";
        const std::string type = typeOf(steps[i]);
        if (type == "Split") {
            result.push_back(readSplit(steps[i], path, field));
        } else if (type == "ByteLevel") {
            result.push_back(readByteLevel(steps[i]));
            hasByteLevel = true;
        } else {
            throw InputError(path, field + " of type \"" + type + "\" is not supported: " + kFamily);
        }
    }
    if (!hasByteLevel) throw InputError(path, "pre_tokenizer has no ByteLevel step: " + kFamily);
    return result;
}

void checkDecoder(const json& decoder, const std::string& path) {
    if (!decoder.is_null() && typeOf(decoder) != "ByteLevel")
        throw InputError(path, "decoder of type \"" + typeOf(decoder) + "\" is not supported: " + kFamily);
}

std::vector<AddedToken> readAddedTokens(const json& addedTokens, const std::string& path) {
    std::vector<AddedToken> tokens;
    if (addedTokens.is_null()) return tokens;
    if (!addedTokens.is_array()) throw InputError(path, "added_tokens must be an array");
    for (size_t i = 0; i < addedTokens.size(); ++i) {
        const json& entry = addedTokens[i];
        const std::string field = "added_tokens[" + std::to_string(i) + "]";
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() ||
            entry["id"] < 0 || !entry.contains("content") || !entry["content"].is_string())
            throw InputError(path, field + " needs a non-negative integer \"id\" and a string \"content\"");
        if (entry.value("single_word", false))
            throw InputError(path, field + " (\"" + entry["content"].get<std::string>() +
                                       "\") uses single_word, which is not supported");
        tokens.push_back({entry["content"].get<std::string>(), entry["id"].get<int64_t>(),
                          entry.value("lstrip", false), entry.value("rstrip", false)});
    }
    return tokens;
}

}  // namespace

std::unique_ptr<Tokenizer> loadHfTokenizerJson(const std::string& path, const std::string& endOfTextToken) {
    const json root = readJsonFile(path);
    if (!root.is_object()) throw InputError(path, "expected a JSON object at the top level");
    try {
        ByteLevelBpeParts parts;
        parts.kind = "tokenizer.json";
        parts.model = readModel(root.value("model", json()), path);
        parts.normalizeNfc = readNormalizer(root.value("normalizer", json()), path);
        parts.preTokenizer = readPreTokenizer(root.value("pre_tokenizer", json()), path);
        checkDecoder(root.value("decoder", json()), path);
        parts.addedTokens = readAddedTokens(root.value("added_tokens", json()), path);
        for (const AddedToken& token : parts.addedTokens)
            if (token.content == endOfTextToken) parts.endOfTextId = token.id;
        if (!parts.endOfTextId && parts.model->idOf(endOfTextToken) >= 0)
            parts.endOfTextId = parts.model->idOf(endOfTextToken);
        return std::make_unique<ByteLevelBpeTokenizer>(std::move(parts));
    } catch (const json::exception& e) {  // a field of the wrong JSON type
        throw InputError(path, std::string("unexpected JSON structure: ") + e.what());
    }
}

}  // namespace hullft
