#pragma once

#include <memory>
#include <string>

#include "tokenizer/tokenizer.h"

namespace hullft {

// A Hugging Face tokenizer.json of the byte-level BPE family (GPT-2, RoBERTa, Llama-3, Qwen):
// model.type "BPE" with merges as "a b" strings or ["a", "b"] pairs and optional
// ignore_merges; normalizer none or NFC; pre_tokenizer ByteLevel (add_prefix_space, use_regex),
// alone or in a Sequence after Split steps with a Regex pattern ("Isolated" or "Removed");
// decoder ByteLevel; added_tokens matched literally before everything else (lstrip/rstrip
// honoured, single_word refused). The post_processor is not applied: encode() is
// `add_special_tokens=False`. Other families (WordPiece, Unigram, SentencePiece-style BPE) are
// refused with an InputError naming the file and the field.
// `endOfTextToken` names the end-of-text token (tokenizer_config.json's eos_token).
std::unique_ptr<Tokenizer> loadHfTokenizerJson(const std::string& path,
                                               const std::string& endOfTextToken = "<|endoftext|>");

}  // namespace hullft
