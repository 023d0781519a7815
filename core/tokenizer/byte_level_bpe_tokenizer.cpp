#include "tokenizer/byte_level_bpe_tokenizer.h"

#include <deque>

#include "common/errors.h"
#include "tokenizer/unicode_normalization.h"
#include "tokenizer/utf8.h"

namespace hullft {

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(ByteLevelBpeParts parts)
    : kind_(std::move(parts.kind)),
      model_(std::move(parts.model)),
      addedTokens_(std::move(parts.addedTokens)),
      normalizeNfc_(parts.normalizeNfc),
      preTokenizer_(std::move(parts.preTokenizer)),
      endOfTextId_(parts.endOfTextId),
      bytesById_(model_->bytesById()),
      knownIds_(model_->knownIds()) {
    // Added tokens decode to their literal content, whether or not the vocab also holds them.
    for (const AddedToken& token : addedTokens_.tokens()) {
        if (static_cast<size_t>(token.id) >= bytesById_.size()) {
            bytesById_.resize(static_cast<size_t>(token.id) + 1);
            knownIds_.resize(static_cast<size_t>(token.id) + 1, false);
        }
        bytesById_[token.id] = token.content;
        knownIds_[token.id] = true;
    }
}

std::vector<int64_t> ByteLevelBpeTokenizer::encode(const std::string& utf8) const {
    requireValidUtf8(utf8, "text to tokenize");
    std::vector<int64_t> ids;
    ids.reserve(utf8.size() / 3);
    for (const TextSegment& segment : addedTokens_.split(utf8)) {
        if (segment.addedTokenId >= 0)
            ids.push_back(segment.addedTokenId);
        else if (normalizeNfc_)
            encodePlainText(normalizeNfc(std::string(segment.text)), ids);
        else
            encodePlainText(segment.text, ids);
    }
    return ids;
}

void ByteLevelBpeTokenizer::encodePlainText(std::string_view text, std::vector<int64_t>& ids) const {
    std::vector<std::string_view> pieces{text}, next;
    std::deque<std::string> prefixed;  // pieces that got a space in front; stable addresses
    for (const PreTokenizerStep& step : preTokenizer_) {
        next.clear();
        for (std::string_view piece : pieces) {
            if (piece.empty()) continue;
            if (step.addPrefixSpace && piece.front() != ' ')
                piece = prefixed.emplace_back(" " + std::string(piece));
            if (step.regex)
                step.regex->split(piece, step.keepGaps, next);
            else
                next.push_back(piece);
        }
        pieces.swap(next);
    }
    for (const std::string_view piece : pieces)
        if (!piece.empty()) model_->encodePiece(piece, ids);
}

std::string ByteLevelBpeTokenizer::decode(const std::vector<int64_t>& ids) const {
    std::string bytes;
    for (const int64_t id : ids) {
        if (id < 0 || id >= vocabSize() || !knownIds_[id])
            throw InputError("token ids", "id " + std::to_string(id) + " is not in the " + kind_ + " vocabulary");
        bytes += bytesById_[id];
    }
    return bytes;
}

}  // namespace hullft
