#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/byte_pair_encoding.h"
#include "tokenizer/token_decoder.h"
#include "tokenizer/tokenizer.h"

namespace hullft {

// tokenizer.json's Metaspace pre-tokenizer: spaces become `replacement` ("▁"), which is also
// prepended to a piece not starting with it (always; only for the piece at the start of the
// text: first; never), and with `split` each piece is cut before every run of `replacement`.
struct MetaspacePreTokenizer {
    enum class Prepend { Always, First, Never };
    std::string replacement = "\xE2\x96\x81";  // U+2581
    Prepend prepend = Prepend::Always;
    bool split = true;
};

// Everything a SentencePiece-style BPE tokenizer (Llama 2, Mistral) is made of.
struct SentencePieceBpeParts {
    std::unique_ptr<BytePairEncoding> model;  // characters, usually with byte fallback
    std::vector<AddedToken> addedTokens;
    TextNormalizer normalizer;  // Llama 2: prepend "▁", spaces to "▁"
    std::optional<MetaspacePreTokenizer> metaspace;
    std::vector<DecoderStep> decoder;
    std::optional<int64_t> endOfTextId;
    SpecialTokenTemplate specialTokens;
};

// The SentencePiece-style BPE pipeline of tokenizers: added tokens are cut out, the rest is
// normalized, optionally pre-tokenized by Metaspace, and each piece's characters are merged.
// decode() maps ids to their vocab strings and runs the decoder steps.
class SentencePieceBpeTokenizer : public Tokenizer {
public:
    explicit SentencePieceBpeTokenizer(SentencePieceBpeParts parts);

    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    int64_t vocabSize() const override { return static_cast<int64_t>(tokenById_.size()); }
    std::optional<int64_t> endOfTextId() const override { return endOfTextId_; }
    std::string kind() const override { return "tokenizer.json"; }

private:
    void encodeSegment(const NormalizedSegment& segment, std::vector<int64_t>& ids) const;

    std::unique_ptr<BytePairEncoding> model_;
    AddedVocabulary addedVocabulary_;
    std::optional<MetaspacePreTokenizer> metaspace_;
    std::vector<DecoderStep> decoder_;
    std::optional<int64_t> endOfTextId_;
    std::vector<std::string> tokenById_;
    std::vector<bool> knownIds_;
};

}  // namespace hullft
