#pragma once

#include <memory>
#include <string>

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"

namespace hullft {

// A BERT tokenizer from a bare vocab.txt (one token per line, id = line number), built as
// transformers' BertTokenizer builds it: BertNormalizer with lowercase = `config`'s do_lower_case
// (default true), strip_accents (default: as lowercase) and tokenize_chinese_chars (default true),
// BertPreTokenizer, WordPiece with "##" and 100 characters per word, the unknown token
// (unk_token, default [UNK]), and [CLS] text [SEP] (cls_token, sep_token) around a text.
// [PAD], [UNK], [CLS], [SEP], [MASK] (those in the vocabulary) match literally in the text.
// InputError names the file.
std::unique_ptr<Tokenizer> loadBertVocabFile(const std::string& path, const TokenizerConfig& config);

}  // namespace hullft
