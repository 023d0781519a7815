#pragma once

#include <memory>
#include <string>

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"

namespace hullft {

// A Hugging Face tokenizer.json of one of two BPE families, read as the tokenizers library runs
// it (core/tokenizer/README.md lists every field):
// - byte-level BPE (GPT-2, RoBERTa, Llama-3, Qwen), marked by ByteLevel in the pre_tokenizer or
//   decoder: Split and ByteLevel pre-tokenizer steps, ByteLevel decoder;
// - SentencePiece-style BPE (Llama 2, Mistral): merges of characters with byte_fallback, an
//   unknown token and fuse_unk; pre_tokenizer null or Metaspace; decoder Replace, ByteFallback,
//   Fuse, Strip or Metaspace steps.
// Both: model.type "BPE" with merges as "a b" strings or ["a", "b"] pairs; normalizer NFC,
// Prepend, Replace of a string, or a Sequence of these; added_tokens matched literally before
// (normalized false) or after (normalized true) normalization. encode() adds no special tokens;
// encodeWithSpecialTokens() applies the post_processor, or `config`'s add_bos_token /
// add_eos_token where set (special_token_rule.h). The end-of-text token is `config`'s eos_token
// (default "<|endoftext|>"). Anything else (WordPiece, Unigram, BPE dropout, ...) is an
// InputError naming the file and the field. A SentencePiece-style file whose `config` names
// LlamaTokenizer(Fast) is run as transformers 5 rebuilds it (transformers_llama_tokenizer.h).
std::unique_ptr<Tokenizer> loadHfTokenizerJson(const std::string& path, const TokenizerConfig& config = {});

}  // namespace hullft
