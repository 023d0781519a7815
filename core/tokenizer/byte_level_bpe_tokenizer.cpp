#include "tokenizer/byte_level_bpe_tokenizer.h"

#include "common/errors.h"
#include "tokenizer/unicode_normalization.h"
#include "common/utf8.h"

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
            encodeFromStep(0, normalizeNfc(std::string(segment.text)), ids);
        else
            encodeFromStep(0, segment.text, ids);
    }
    return ids;
}

void ByteLevelBpeTokenizer::encodeFromStep(size_t step, std::string_view piece,
                                           std::vector<int64_t>& ids) const {
    if (piece.empty()) return;
    if (step == preTokenizer_.size()) {
        model_->encodePiece(piece, ids);
        return;
    }
    const PreTokenizerStep& current = preTokenizer_[step];
    std::string prefixed;
    if (current.addPrefixSpace && piece.front() != ' ') {
        prefixed = " " + std::string(piece);
        piece = prefixed;
    }
    if (current.regex)
        current.regex->split(piece, current.keepGaps,
                             [&](std::string_view part) { encodeFromStep(step + 1, part, ids); });
    else
        encodeFromStep(step + 1, piece, ids);
}

std::string ByteLevelBpeTokenizer::decode(const std::vector<int64_t>& ids) const {
    std::string bytes;
    for (const int64_t id : ids) {
        if (id < 0 || id >= vocabSize() || !knownIds_[id])
            throw InputError("token ids",
                             "id " + std::to_string(id) + " is not in the " + kind_ + " vocabulary");
        bytes += bytesById_[id];
    }
    return bytes;
}

}  // namespace hullft
