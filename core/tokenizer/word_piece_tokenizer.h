#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/word_piece.h"

namespace hullft {

// Everything a WordPiece tokenizer (BERT) is made of, from tokenizer.json or vocab.txt.
struct WordPieceParts {
    std::string kind;  // Tokenizer::kind()
    std::unique_ptr<WordPiece> model;
    std::vector<AddedToken> addedTokens;
    TextNormalizer normalizer;  // BertNormalizer, usually
    std::optional<int64_t> endOfTextId;
    SpecialTokenTemplate specialTokens;
};

// BERT's pipeline: added tokens cut out ([CLS], [SEP], ... literally), the rest normalized,
// split by BertPreTokenizer (bert_pre_tokenizer.h), each word encoded by WordPiece. decode()
// joins tokens with spaces, "##" pieces to the token before, then applies the WordPiece
// decoder's cleanup (" ." -> ".", " 's" -> "'s", ...), as tokenizers does.
class WordPieceTokenizer : public Tokenizer {
public:
    explicit WordPieceTokenizer(WordPieceParts parts);

    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    int64_t vocabSize() const override { return static_cast<int64_t>(tokenById_.size()); }
    std::optional<int64_t> endOfTextId() const override { return endOfTextId_; }
    std::string kind() const override { return kind_; }

private:
    std::string kind_;
    std::unique_ptr<WordPiece> model_;
    AddedVocabulary addedVocabulary_;
    std::optional<int64_t> endOfTextId_;
    std::vector<std::string> tokenById_;
    std::vector<bool> knownIds_;
};

}  // namespace hullft
