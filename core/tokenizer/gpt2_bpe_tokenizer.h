#pragma once

#include <memory>
#include <string>

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"

namespace hullft {

// GPT-2 byte-level BPE from a Hugging Face GPT-2 folder's vocab.json + merges.txt: GPT-2's
// regex pre-tokenization, byte-to-unicode alphabet and merge ranks, exactly as encoder.py.
// The end-of-text token (`config`'s eos_token, default "<|endoftext|>", id 50256 in GPT-2) is
// matched literally in the text and becomes that one id, as Hugging Face's GPT2Tokenizer and
// tiktoken with allowed_special do; the original encoder.py would spell it out in pieces.
// encodeWithSpecialTokens() adds nothing unless `config` sets add_bos_token / add_eos_token.
// merges.txt may start with a "#version" line; InputError names the file and the line or entry
// that does not parse.
std::unique_ptr<Tokenizer> loadGpt2BpeTokenizer(const std::string& vocabPath, const std::string& mergesPath,
                                                const TokenizerConfig& config = {});

}  // namespace hullft
