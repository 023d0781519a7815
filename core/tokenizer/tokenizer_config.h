#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace hullft {

// What a Hugging Face tokenizer_config.json says about special tokens and about the class
// transformers builds. Token fields are a string or {"content": ...}; absent or null fields stay
// empty.
struct TokenizerConfig {
    std::optional<std::string> beginningOfTextToken;  // bos_token
    std::optional<std::string> endOfTextToken;        // eos_token
    std::optional<bool> addBeginningOfText;           // add_bos_token
    std::optional<bool> addEndOfText;                 // add_eos_token
    std::optional<std::string> tokenizerClass;        // tokenizer_class
    // LlamaTokenizer's own settings (transformers_llama_tokenizer.h).
    std::optional<bool> legacy;          // legacy
    std::optional<bool> addPrefixSpace;  // add_prefix_space
    // BertTokenizer's settings, for a bare vocab.txt (bert_vocab_file.h).
    std::optional<bool> doLowerCase;           // do_lower_case
    std::optional<bool> stripAccents;          // strip_accents (null: as do_lower_case)
    std::optional<bool> tokenizeChineseChars;  // tokenize_chinese_chars
    std::optional<std::string> unknownToken;   // unk_token
    std::optional<std::string> classifierToken;  // cls_token
    std::optional<std::string> separatorToken;   // sep_token

    // The end-of-text text the tokenizer reports: eos_token, else GPT-2's "<|endoftext|>".
    std::string endOfTextTokenOrDefault() const { return endOfTextToken.value_or("<|endoftext|>"); }
};

// InputError names `path` when the object's fields have the wrong JSON types.
TokenizerConfig readTokenizerConfig(const nlohmann::json& config, const std::string& path);

}  // namespace hullft
