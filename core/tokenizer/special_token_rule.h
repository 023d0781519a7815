#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"

namespace hullft {

// Which special tokens transformers' `tokenizer(text)` adds, as its tokenizers backend decides
// (TokenizersBackend in transformers 5; LlamaTokenizerFast did the same in 4):
// 1. tokenizer_config.json sets add_bos_token or add_eos_token (to anything), or there is no
//    post_processor: bos_token if add_bos_token, the text, eos_token if add_eos_token (both
//    flags default to false; a flag whose token is unset adds nothing).
// 2. Otherwise the post_processor: TemplateProcessing's `single` template (the special tokens
//    before and after sequence A), RobertaProcessing/BertProcessing (cls, text, sep), ByteLevel
//    (nothing), or a Sequence of these, each wrapping what the previous ones produced.
// `postProcessor` is tokenizer.json's post_processor (null for vocab.json + merges.txt);
// `idOf` maps a token's text to its id (-1 when absent). InputError names `path` and the field.
SpecialTokenTemplate specialTokenTemplate(const nlohmann::json& postProcessor, const TokenizerConfig& config,
                                          const std::function<int64_t(const std::string&)>& idOf,
                                          const std::string& path);

}  // namespace hullft
