#include "tokenizer/added_vocabulary.h"

#include "common/utf8.h"

namespace hullft {
namespace {

AddedTokens tokensWhere(const std::vector<AddedToken>& tokens, bool normalized,
                        const TextNormalizer& normalizer) {
    std::vector<AddedToken> selected;
    for (const AddedToken& token : tokens) {
        if (token.normalized != normalized) continue;
        selected.push_back(token);
        if (normalized) selected.back().content = normalizer.normalize(token.content);
    }
    return AddedTokens(std::move(selected));
}

}  // namespace

AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens, TextNormalizer normalizer)
    : tokens_(std::move(tokens)),
      normalizer_(std::move(normalizer)),
      matchedInOriginal_(tokensWhere(tokens_, false, normalizer_)),
      matchedInNormalized_(tokensWhere(tokens_, true, normalizer_)) {}

std::vector<NormalizedSegment> AddedVocabulary::extractAndNormalize(std::string_view text) const {
    std::vector<NormalizedSegment> segments;
    for (const TextSegment& original : matchedInOriginal_.split(text)) {
        if (original.addedTokenId >= 0) {
            segments.push_back({{}, original.addedTokenId, false});
            continue;
        }
        const bool startsText = original.text.data() == text.data();
        const std::string normalized = normalizer_.normalize(original.text);
        for (const TextSegment& part : matchedInNormalized_.split(normalized)) {
            if (part.addedTokenId >= 0)
                segments.push_back({{}, part.addedTokenId, false});
            else
                segments.push_back(
                    {std::string(part.text), -1, startsText && part.text.data() == normalized.data()});
        }
    }
    return segments;
}

std::vector<int64_t> AddedVocabulary::encode(const std::string& utf8, const SegmentEncoder& encodeSegment) const {
    requireValidUtf8(utf8, "text to tokenize");
    std::vector<int64_t> ids;
    ids.reserve(utf8.size() / 3);
    for (const NormalizedSegment& segment : extractAndNormalize(utf8)) {
        if (segment.addedTokenId >= 0)
            ids.push_back(segment.addedTokenId);
        else
            encodeSegment(segment, ids);
    }
    return ids;
}

void AddedVocabulary::overlayContents(std::vector<std::string>& contentById, std::vector<bool>& knownIds) const {
    for (const AddedToken& token : tokens_) {
        if (static_cast<size_t>(token.id) >= contentById.size()) {
            contentById.resize(static_cast<size_t>(token.id) + 1);
            knownIds.resize(static_cast<size_t>(token.id) + 1, false);
        }
        contentById[token.id] = token.content;
        knownIds[token.id] = true;
    }
}

}  // namespace hullft
