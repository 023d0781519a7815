#pragma once

#include <vector>

#include "tokenizer/byte_pair_encoding.h"
#include "tokenizer/sentencepiece_bpe_tokenizer.h"
#include "tokenizer/token_decoder.h"
#include "tokenizer/tokenizer_config.h"

namespace hullft {

// transformers 5's LlamaTokenizer (LlamaTokenizerFast is an alias of it) does not run a
// SentencePiece-style tokenizer.json as written: it takes the file's vocabulary and merges (and
// its added tokens and post-processor, as for every class) and builds the rest itself, in
// LlamaTokenizer.__init__:
// - model: BPE with fuse_unk and byte_fallback, no unknown token, no ignore_merges;
// - normalizer: none (the file's Prepend("▁") + Replace(" " -> "▁") is dropped);
// - pre-tokenizer: Metaspace("▁", split false), prepend_scheme "always" if add_prefix_space
//   (default true) and legacy, "first" if add_prefix_space and not legacy (legacy defaults to
//   false), "never" without add_prefix_space;
// - decoder: Replace("▁" -> " "), ByteFallback, Fuse, and Strip(one leading " ") if
//   add_prefix_space.
struct TransformersLlamaPipeline {
    BpeOptions modelOptions;
    MetaspacePreTokenizer metaspace;
    std::vector<DecoderStep> decoder;
};

// Whether transformers builds the LlamaTokenizer pipeline for this config: tokenizer_class
// "LlamaTokenizer" or "LlamaTokenizerFast".
bool transformersBuildsLlamaTokenizer(const TokenizerConfig& config);

// The pipeline, from the config's legacy and add_prefix_space.
TransformersLlamaPipeline transformersLlamaPipeline(const TokenizerConfig& config);

}  // namespace hullft
