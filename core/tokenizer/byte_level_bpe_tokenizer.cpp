#include "tokenizer/byte_level_bpe_tokenizer.h"

#include "common/errors.h"
#include "common/utf8.h"
#include "tokenizer/byte_level_alphabet.h"

namespace hullft {

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(ByteLevelBpeParts parts)
    : kind_(std::move(parts.kind)),
      model_(std::move(parts.model)),
      addedVocabulary_(std::move(parts.addedTokens), std::move(parts.normalizer)),
      preTokenizer_(std::move(parts.preTokenizer)),
      endOfTextId_(parts.endOfTextId),
      knownIds_(model_->knownIds()) {
    specialTokens_ = std::move(parts.specialTokens);
    for (const std::string& symbol : model_->symbolById())
        bytesById_.push_back(byteLevelSymbolToBytes(symbol));
    addedVocabulary_.overlayContents(bytesById_, knownIds_);
}

std::vector<int64_t> ByteLevelBpeTokenizer::encode(const std::string& utf8) const {
    return addedVocabulary_.encode(utf8, [this](const NormalizedSegment& segment, std::vector<int64_t>& ids) {
        encodeFromStep(0, segment.text, ids);
    });
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
