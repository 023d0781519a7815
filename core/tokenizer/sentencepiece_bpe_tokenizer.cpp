#include "tokenizer/sentencepiece_bpe_tokenizer.h"

#include "common/errors.h"
#include "common/utf8.h"

namespace hullft {

SentencePieceBpeTokenizer::SentencePieceBpeTokenizer(SentencePieceBpeParts parts)
    : model_(std::move(parts.model)),
      addedVocabulary_(std::move(parts.addedTokens), std::move(parts.normalizer)),
      metaspace_(std::move(parts.metaspace)),
      decoder_(std::move(parts.decoder)),
      endOfTextId_(parts.endOfTextId),
      tokenById_(model_->symbolById()),
      knownIds_(model_->knownIds()) {
    specialTokens_ = std::move(parts.specialTokens);
    addedVocabulary_.overlayContents(tokenById_, knownIds_);
}

std::vector<int64_t> SentencePieceBpeTokenizer::encode(const std::string& utf8) const {
    return addedVocabulary_.encode(
        utf8, [this](const NormalizedSegment& segment, std::vector<int64_t>& ids) { encodeSegment(segment, ids); });
}

// tokenizers' Metaspace::pre_tokenize, then BPE per piece (the whole segment without Metaspace).
void SentencePieceBpeTokenizer::encodeSegment(const NormalizedSegment& segment,
                                              std::vector<int64_t>& ids) const {
    if (!metaspace_) {
        if (!segment.text.empty()) model_->encodePiece(segment.text, ids);
        return;
    }
    const std::string& mark = metaspace_->replacement;
    std::string text = replaceLiteral(segment.text, " ", mark);
    const bool prepend = metaspace_->prepend == MetaspacePreTokenizer::Prepend::Always ||
                         (metaspace_->prepend == MetaspacePreTokenizer::Prepend::First && segment.startsText);
    if (prepend && text.compare(0, mark.size(), mark) != 0) text.insert(0, mark);
    if (!metaspace_->split) {
        if (!text.empty()) model_->encodePiece(text, ids);
        return;
    }
    // Each piece starts at a run of marks (MergedWithNext: the run joins the text after it).
    size_t pieceStart = 0;
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + mark.size())) {
        const bool runStart = at < mark.size() || text.compare(at - mark.size(), mark.size(), mark) != 0;
        if (runStart && at > pieceStart) {
            model_->encodePiece(std::string_view(text).substr(pieceStart, at - pieceStart), ids);
            pieceStart = at;
        }
    }
    if (pieceStart < text.size()) model_->encodePiece(std::string_view(text).substr(pieceStart), ids);
}

std::string SentencePieceBpeTokenizer::decode(const std::vector<int64_t>& ids) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const int64_t id : ids) {
        if (id < 0 || id >= vocabSize() || !knownIds_[id])
            throw InputError("token ids",
                             "id " + std::to_string(id) + " is not in the tokenizer.json vocabulary");
        tokens.push_back(tokenById_[id]);
    }
    return decodeTokens(decoder_, std::move(tokens));
}

}  // namespace hullft
