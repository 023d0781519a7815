#include "tokenizer/hf_tokenizer_json.h"

#include <algorithm>
#include <functional>
#include <tuple>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/utf8.h"
#include "tokenizer/bpe_file_parsing.h"
#include "tokenizer/byte_level_bpe_tokenizer.h"
#include "tokenizer/sentencepiece_bpe_tokenizer.h"
#include "tokenizer/special_token_rule.h"
#include "tokenizer/transformers_llama_tokenizer.h"
#include "tokenizer/word_piece_tokenizer.h"

namespace hullft {
namespace {

using nlohmann::json;

const std::string kFamily =
    "hullft reads two BPE families, byte-level (GPT-2, RoBERTa, Llama-3, Qwen) and SentencePiece-style "
    "(Llama 2, Mistral), and BERT's WordPiece";

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

bool hasByteFallback(const json& model) { return isSet(model, "byte_fallback", false); }

// The model's settings, after checking that it is a BPE hullft implements.
BpeOptions readBpeOptions(const json& model, const std::string& path, bool byteLevel) {
    if (!model.is_object()) throw InputError(path, "model is missing or not an object");
    const std::string type = typeOf(model);
    if (type != "BPE" && !(type.empty() && model.contains("merges")))
        throw InputError(path, "model.type is \"" + type + "\": " + kFamily);
    if (isSet(model, "dropout", 0.0))
        throw InputError(path, "model.dropout is set: BPE dropout is not supported");
    if (isSet(model, "continuing_subword_prefix", "") || isSet(model, "end_of_word_suffix", ""))
        throw InputError(path, "model uses a subword prefix or suffix: " + kFamily);
    if (byteLevel && hasByteFallback(model))
        throw InputError(path,
                         "model.byte_fallback is true, which a byte-level BPE (ByteLevel pre_tokenizer "
                         "or decoder) does not use: " +
                             kFamily);
    BpeOptions options;
    options.byteLevel = byteLevel;
    options.ignoreMerges = model.value("ignore_merges", false);
    options.byteFallback = hasByteFallback(model);
    const json unknown = model.value("unk_token", json());
    if (!unknown.is_null() && !unknown.is_string())
        throw InputError(path, "model.unk_token must be a string or null");
    if (unknown.is_string()) options.unknownToken = unknown.get<std::string>();
    options.fuseUnknown = isSet(model, "fuse_unk", false);
    if (!model.contains("vocab")) throw InputError(path, "model.vocab is missing");
    return options;
}

// The model's vocab and merges under `options` (readBpeOptions() has checked the model).
std::unique_ptr<BytePairEncoding> buildModel(const json& model, const std::string& path,
                                             const BpeOptions& options) {
    return std::make_unique<BytePairEncoding>(parseBpeVocab(model["vocab"], path, "model.vocab"),
                                              readMerges(model.value("merges", json::array()), path), path,
                                              path, options);
}

// A Replace normalizer or decoder: {"pattern": {"String": "..."}, "content": "..."}.
std::pair<std::string, std::string> readReplace(const json& replace, const std::string& path,
                                                const std::string& field) {
    const json pattern = replace.value("pattern", json());
    if (!pattern.is_object() || !pattern.contains("String") || !pattern["String"].is_string() ||
        pattern["String"].get<std::string>().empty() || !replace.value("content", json()).is_string())
        throw InputError(path, field + " must replace {\"String\": \"...\"} by a string \"content\", got " +
                                   replace.dump());
    return {pattern["String"].get<std::string>(), replace["content"].get<std::string>()};
}

// A text at most this many times longer after the Replace steps of one normalizer or decoder.
// Each step can multiply a text's length by len(content) / len(pattern), and chained steps
// compound: ten that each turn "e" into a hundred "e"s would make one "e" 10^20 bytes. Llama 2's
// and Mistral's grow a text 3-fold (" " -> "▁", one byte to three). NFC, BertNormalizer and the
// other decoder steps grow it by a small factor of their own that repeating them does not compound.
constexpr double kMaxReplaceGrowth = 64.0;

template <typename Step>
void requireBoundedReplaceGrowth(const std::vector<Step>& steps, const std::string& path,
                                 const std::string& field) {
    double growth = 1.0;
    for (const Step& step : steps)
        if (step.kind == Step::Kind::Replace)
            growth *= std::max(
                1.0, static_cast<double>(step.content.size()) / static_cast<double>(step.pattern.size()));
    if (growth > kMaxReplaceGrowth)
        throw InputError(
            path, field + "'s Replace steps can make a text more than " +
                      std::to_string(static_cast<int>(kMaxReplaceGrowth)) +
                      " times longer (each turns its pattern into a longer content, and they compound)");
}

// BertNormalizer's flags: clean_text, handle_chinese_chars and lowercase default to true,
// strip_accents null follows lowercase (as tokenizers reads them).
BertNormalizerOptions readBertNormalizer(const json& step, const std::string& path, const std::string& field) {
    const auto flag = [&](const char* key, bool fallback) {
        const json value = step.value(key, json());
        if (value.is_null()) return fallback;
        if (!value.is_boolean()) throw InputError(path, field + "." + key + " must be true, false or null");
        return value.get<bool>();
    };
    BertNormalizerOptions options;
    options.cleanText = flag("clean_text", true);
    options.handleChineseChars = flag("handle_chinese_chars", true);
    options.lowercase = flag("lowercase", true);
    options.stripAccents = flag("strip_accents", options.lowercase);
    return options;
}

NormalizerStep readNormalizerStep(const json& step, const std::string& path, const std::string& field) {
    const std::string type = typeOf(step);
    if (type == "NFC") return {NormalizerStep::Kind::Nfc, "", "", {}};
    if (type == "BertNormalizer") return {NormalizerStep::Kind::Bert, "", "", readBertNormalizer(step, path, field)};
    if (type == "Prepend" && step.value("prepend", json()).is_string())
        return {NormalizerStep::Kind::Prepend, "", step["prepend"].get<std::string>(), {}};
    if (type == "Replace") {
        const auto [pattern, content] = readReplace(step, path, field);
        return {NormalizerStep::Kind::Replace, pattern, content, {}};
    }
    throw InputError(path,
                     field + " " + step.dump() +
                         " is not supported (NFC, Prepend, Replace of a string, BertNormalizer, or a Sequence of these)");
}

TextNormalizer readNormalizer(const json& normalizer, const std::string& path) {
    if (normalizer.is_null()) return {};
    std::vector<NormalizerStep> result;
    if (typeOf(normalizer) != "Sequence") {
        result.push_back(readNormalizerStep(normalizer, path, "normalizer"));
    } else {
        const json steps = normalizer.value("normalizers", json::array());
        if (!steps.is_array()) throw InputError(path, "normalizer.normalizers must be an array");
        for (size_t i = 0; i < steps.size(); ++i)
            result.push_back(
                readNormalizerStep(steps[i], path, "normalizer.normalizers[" + std::to_string(i) + "]"));
    }
    requireBoundedReplaceGrowth(result, path, "normalizer");
    return TextNormalizer(std::move(result));
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

void checkByteLevelDecoder(const json& decoder, const std::string& path) {
    if (!decoder.is_null() && typeOf(decoder) != "ByteLevel")
        throw InputError(path, "decoder of type \"" + typeOf(decoder) + "\" is not supported: " + kFamily);
}

// Metaspace's prepend_scheme as tokenizers reads it: "always" by default; older files say
// add_prefix_space instead, and false there means "never".
MetaspacePreTokenizer::Prepend readPrependScheme(const json& metaspace, const std::string& path,
                                                 const std::string& field) {
    const json scheme = metaspace.value("prepend_scheme", json());
    const json addPrefixSpace = metaspace.value("add_prefix_space", json());
    if (!addPrefixSpace.is_null() && !addPrefixSpace.is_boolean())
        throw InputError(path, field + ".add_prefix_space must be true or false");
    if (addPrefixSpace == false && !scheme.is_null() && scheme != "never")
        throw InputError(path, field + ".add_prefix_space false contradicts prepend_scheme " + scheme.dump());
    if (addPrefixSpace == false || scheme == "never") return MetaspacePreTokenizer::Prepend::Never;
    if (scheme.is_null() || scheme == "always") return MetaspacePreTokenizer::Prepend::Always;
    if (scheme == "first") return MetaspacePreTokenizer::Prepend::First;
    throw InputError(
        path, field + ".prepend_scheme " + scheme.dump() + " is not \"always\", \"first\" or \"never\"");
}

// One character, as tokenizers reads it: a longer one would be written for every space of a text.
std::string readMetaspaceReplacement(const json& metaspace, const std::string& path,
                                     const std::string& field) {
    const json replacement = metaspace.value("replacement", json());
    const std::string text = replacement.is_string() ? replacement.get<std::string>() : std::string();
    size_t end = 0;
    if (!text.empty()) nextCodePoint(text, end);
    if (text.empty() || end != text.size())
        throw InputError(path, field + ".replacement must be a one-character string");
    return text;
}

std::optional<MetaspacePreTokenizer> readMetaspace(const json& preTokenizer, const std::string& path) {
    if (preTokenizer.is_null()) return std::nullopt;
    if (typeOf(preTokenizer) != "Metaspace")
        throw InputError(path, "pre_tokenizer of type \"" + typeOf(preTokenizer) +
                                   "\" is not supported for SentencePiece-style BPE (null or Metaspace)");
    const json split = preTokenizer.value("split", json(true));
    if (!split.is_boolean()) throw InputError(path, "pre_tokenizer.split must be true or false");
    return MetaspacePreTokenizer{readMetaspaceReplacement(preTokenizer, path, "pre_tokenizer"),
                                 readPrependScheme(preTokenizer, path, "pre_tokenizer"), split.get<bool>()};
}

DecoderStep readDecoderStep(const json& step, const std::string& path, const std::string& field) {
    const std::string type = typeOf(step);
    DecoderStep result;
    if (type == "Replace") {
        result.kind = DecoderStep::Kind::Replace;
        std::tie(result.pattern, result.content) = readReplace(step, path, field);
    } else if (type == "ByteFallback") {
        result.kind = DecoderStep::Kind::ByteFallback;
    } else if (type == "Fuse") {
        result.kind = DecoderStep::Kind::Fuse;
    } else if (type == "Strip") {
        result.kind = DecoderStep::Kind::Strip;
        const json content = step.value("content", json()), start = step.value("start", json()),
                   stop = step.value("stop", json());
        if (!content.is_string() || content.get<std::string>().empty() || !start.is_number_unsigned() ||
            !stop.is_number_unsigned())
            throw InputError(path,
                             field + " needs a string \"content\" and non-negative \"start\", \"stop\"");
        result.content = content.get<std::string>();
        result.start = start.get<size_t>();
        result.stop = stop.get<size_t>();
    } else if (type == "Metaspace") {
        result.kind = DecoderStep::Kind::Metaspace;
        result.pattern = readMetaspaceReplacement(step, path, field);
        result.dropFromFirstToken =
            readPrependScheme(step, path, field) != MetaspacePreTokenizer::Prepend::Never;
    } else {
        throw InputError(path, field + " of type \"" + type +
                                   "\" is not supported for SentencePiece-style BPE (Replace, ByteFallback, "
                                   "Fuse, Strip, Metaspace, or a Sequence of these)");
    }
    return result;
}

std::vector<DecoderStep> readSentencePieceDecoder(const json& decoder, const std::string& path) {
    if (decoder.is_null()) return {};
    std::vector<DecoderStep> result;
    if (typeOf(decoder) != "Sequence") {
        result.push_back(readDecoderStep(decoder, path, "decoder"));
    } else {
        const json steps = decoder.value("decoders", json());
        if (!steps.is_array()) throw InputError(path, "decoder.decoders must be an array");
        for (size_t i = 0; i < steps.size(); ++i)
            result.push_back(readDecoderStep(steps[i], path, "decoder.decoders[" + std::to_string(i) + "]"));
    }
    requireBoundedReplaceGrowth(result, path, "decoder");
    return result;
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
        if (entry["id"].get<int64_t>() > kMaxTokenId)
            throw InputError(path, field + " has id " + entry["id"].dump() + ", above the limit of " +
                                       std::to_string(kMaxTokenId) + " token ids");
        if (entry.value("single_word", false))
            throw InputError(path, field + " (\"" + entry["content"].get<std::string>() +
                                       "\") uses single_word, which is not supported");
        // tokenizers' default: special tokens are matched in the original text, others after normalization.
        const bool special = entry.value("special", false);
        tokens.push_back({entry["content"].get<std::string>(), entry["id"].get<int64_t>(),
                          entry.value("lstrip", false), entry.value("rstrip", false),
                          entry.value("normalized", !special)});
    }
    return tokens;
}

// ByteLevel in the pre_tokenizer or the decoder marks the byte-level family; everything else is
// read as SentencePiece-style BPE.
bool isByteLevelFamily(const json& root) {
    const json preTokenizer = root.value("pre_tokenizer", json()), decoder = root.value("decoder", json());
    if (typeOf(decoder) == "ByteLevel" || typeOf(preTokenizer) == "ByteLevel") return true;
    if (typeOf(preTokenizer) != "Sequence") return false;
    for (const json& step : preTokenizer.value("pretokenizers", json::array()))
        if (typeOf(step) == "ByteLevel") return true;
    return false;
}

using VocabularyLookup = std::function<int64_t(const std::string&)>;  // -1 when absent

std::optional<int64_t> endOfTextId(const std::vector<AddedToken>& addedTokens, const VocabularyLookup& modelId,
                                   const std::string& endOfTextToken) {
    for (const AddedToken& token : addedTokens)
        if (token.content == endOfTextToken) return token.id;
    if (modelId(endOfTextToken) >= 0) return modelId(endOfTextToken);
    return std::nullopt;
}

// A token's id as tokenizers looks it up: added tokens first, then the model's vocabulary.
VocabularyLookup idLookup(const std::vector<AddedToken>& addedTokens, const VocabularyLookup& modelId) {
    return [&addedTokens, modelId](const std::string& token) {
        for (const AddedToken& added : addedTokens)
            if (added.content == token) return added.id;
        return modelId(token);
    };
}

VocabularyLookup bpeIds(const BytePairEncoding& model) {
    return [&model](const std::string& token) { return model.idOf(token); };
}

std::unique_ptr<Tokenizer> loadByteLevelFamily(const json& root, const std::string& path,
                                               const TokenizerConfig& config) {
    ByteLevelBpeParts parts;
    parts.kind = "tokenizer.json";
    const json model = root.value("model", json());
    parts.model = buildModel(model, path, readBpeOptions(model, path, true));
    parts.normalizer = readNormalizer(root.value("normalizer", json()), path);
    parts.preTokenizer = readPreTokenizer(root.value("pre_tokenizer", json()), path);
    checkByteLevelDecoder(root.value("decoder", json()), path);
    parts.addedTokens = readAddedTokens(root.value("added_tokens", json()), path);
    parts.endOfTextId = endOfTextId(parts.addedTokens, bpeIds(*parts.model), config.endOfTextTokenOrDefault());
    parts.specialTokens = specialTokenTemplate(root.value("post_processor", json()), config,
                                               idLookup(parts.addedTokens, bpeIds(*parts.model)), path);
    return std::make_unique<ByteLevelBpeTokenizer>(std::move(parts));
}

std::unique_ptr<Tokenizer> loadSentencePieceFamily(const json& root, const std::string& path,
                                                   const TokenizerConfig& config) {
    SentencePieceBpeParts parts;
    const json model = root.value("model", json());
    const BpeOptions fileOptions = readBpeOptions(model, path, false);  // checks the model for every class
    if (transformersBuildsLlamaTokenizer(config)) {
        // tokenizer(text) of this class ignores the file's model flags, normalizer, pre_tokenizer
        // and decoder (transformers_llama_tokenizer.h).
        TransformersLlamaPipeline llama = transformersLlamaPipeline(config);
        parts.model = buildModel(model, path, llama.modelOptions);
        parts.metaspace = llama.metaspace;
        parts.decoder = std::move(llama.decoder);
    } else {
        parts.model = buildModel(model, path, fileOptions);
        parts.normalizer = readNormalizer(root.value("normalizer", json()), path);
        parts.metaspace = readMetaspace(root.value("pre_tokenizer", json()), path);
        parts.decoder = readSentencePieceDecoder(root.value("decoder", json()), path);
    }
    parts.addedTokens = readAddedTokens(root.value("added_tokens", json()), path);
    parts.endOfTextId = endOfTextId(parts.addedTokens, bpeIds(*parts.model), config.endOfTextTokenOrDefault());
    parts.specialTokens = specialTokenTemplate(root.value("post_processor", json()), config,
                                               idLookup(parts.addedTokens, bpeIds(*parts.model)), path);
    return std::make_unique<SentencePieceBpeTokenizer>(std::move(parts));
}

// model {"type": "WordPiece", "vocab": {...}, "unk_token", "continuing_subword_prefix",
// "max_input_chars_per_word"}.
std::unique_ptr<WordPiece> readWordPieceModel(const json& model, const std::string& path) {
    const json vocab = model.value("vocab", json());
    if (!vocab.is_object()) throw InputError(path, "model.vocab must be an object of token -> id");
    std::unordered_map<std::string, int64_t> ids;
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0)
            throw InputError(path, "model.vocab[\"" + token + "\"] must be a non-negative integer id");
        if (id.get<int64_t>() > kMaxTokenId)
            throw InputError(path, "model.vocab[\"" + token + "\"] has id " + id.dump() + ", above the limit of " +
                                       std::to_string(kMaxTokenId) + " token ids");
        ids.emplace(token, id.get<int64_t>());
    }
    const json maxChars = model.value("max_input_chars_per_word", json(100));
    if (!maxChars.is_number_unsigned()) throw InputError(path, "model.max_input_chars_per_word must be a non-negative integer");
    return std::make_unique<WordPiece>(std::move(ids), model.value("unk_token", std::string("[UNK]")),
                                       model.value("continuing_subword_prefix", std::string("##")),
                                       maxChars.get<size_t>(), path);
}

std::unique_ptr<Tokenizer> loadWordPieceFamily(const json& root, const std::string& path, const TokenizerConfig& config) {
    const json preTokenizer = root.value("pre_tokenizer", json());
    if (typeOf(preTokenizer) != "BertPreTokenizer")
        throw InputError(path, "pre_tokenizer of type \"" + typeOf(preTokenizer) +
                                   "\" is not supported for WordPiece (BertPreTokenizer)");
    const json decoder = root.value("decoder", json());
    if (!decoder.is_null() && typeOf(decoder) != "WordPiece")
        throw InputError(path, "decoder of type \"" + typeOf(decoder) + "\" is not supported for WordPiece");
    WordPieceParts parts;
    parts.kind = "tokenizer.json";
    parts.model = readWordPieceModel(root["model"], path);
    parts.normalizer = readNormalizer(root.value("normalizer", json()), path);
    parts.addedTokens = readAddedTokens(root.value("added_tokens", json()), path);
    const WordPiece& model = *parts.model;
    const VocabularyLookup modelIds = [&model](const std::string& token) { return model.idOf(token); };
    parts.endOfTextId = endOfTextId(parts.addedTokens, modelIds, config.endOfTextTokenOrDefault());
    parts.specialTokens = specialTokenTemplate(root.value("post_processor", json()), config,
                                               idLookup(parts.addedTokens, modelIds), path);
    return std::make_unique<WordPieceTokenizer>(std::move(parts));
}

}  // namespace

std::unique_ptr<Tokenizer> loadHfTokenizerJson(const std::string& path, const TokenizerConfig& config) {
    const json root = readJsonFile(path);
    if (!root.is_object()) throw InputError(path, "expected a JSON object at the top level");
    try {
        if (typeOf(root.value("model", json())) == "WordPiece") return loadWordPieceFamily(root, path, config);
        return isByteLevelFamily(root) ? loadByteLevelFamily(root, path, config)
                                       : loadSentencePieceFamily(root, path, config);
    } catch (const json::exception& e) {  // a field of the wrong JSON type
        throw InputError(path, std::string("unexpected JSON structure: ") + e.what());
    }
}

}  // namespace hullft
