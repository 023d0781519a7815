#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/byte_pair_encoding.h"
#include "tokenizer/pcre2_regex.h"
#include "tokenizer/tokenizer.h"

namespace hullft {

// One pre-tokenization step, as tokenizer.json's pre_tokenizer lists them. Split cuts pieces
// at a regex (keeping the gaps: "Isolated", or dropping them: "Removed"); ByteLevel optionally
// prefixes a space and cuts at GPT-2's regex (the byte mapping itself happens in the BPE model).
struct PreTokenizerStep {
    enum class Kind { Split, ByteLevel };
    Kind kind = Kind::ByteLevel;
    std::shared_ptr<const Pcre2Regex> regex;  // null: ByteLevel with use_regex false
    bool keepGaps = true;
    bool addPrefixSpace = false;
};

// Everything a byte-level BPE tokenizer is made of, whichever files it came from.
struct ByteLevelBpeParts {
    std::string kind;  // Tokenizer::kind()
    std::unique_ptr<BytePairEncoding> model;
    std::vector<AddedToken> addedTokens;
    TextNormalizer normalizer;
    std::vector<PreTokenizerStep> preTokenizer;
    std::optional<int64_t> endOfTextId;
    SpecialTokenTemplate specialTokens;
};

// The byte-level BPE pipeline: added tokens are cut out literally, the rest is normalized,
// pre-tokenized, and each piece's bytes are merged by the BPE model. decode() returns the raw
// bytes; ids that split a character give invalid UTF-8 (repairUtf8 makes it displayable).
class ByteLevelBpeTokenizer : public Tokenizer {
public:
    explicit ByteLevelBpeTokenizer(ByteLevelBpeParts parts);

    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    int64_t vocabSize() const override { return static_cast<int64_t>(bytesById_.size()); }
    std::optional<int64_t> endOfTextId() const override { return endOfTextId_; }
    std::string kind() const override { return kind_; }

private:
    // Runs pre-tokenizer steps `step`.. on `piece` and BPE on what comes out, piece by piece.
    void encodeFromStep(size_t step, std::string_view piece, std::vector<int64_t>& ids) const;

    std::string kind_;
    std::unique_ptr<BytePairEncoding> model_;
    AddedVocabulary addedVocabulary_;
    std::vector<PreTokenizerStep> preTokenizer_;
    std::optional<int64_t> endOfTextId_;
    std::vector<std::string> bytesById_;
    std::vector<bool> knownIds_;
};

}  // namespace hullft
