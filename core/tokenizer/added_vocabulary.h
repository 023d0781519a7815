#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_tokens.h"
#include "tokenizer/text_normalizer.h"

namespace hullft {

// A stretch of normalized text for the pre-tokenizer, or an added token's id.
struct NormalizedSegment {
    std::string text;  // empty for an added token
    int64_t addedTokenId = -1;
    bool startsText = false;  // begins at the start of the original text (Metaspace's "first")
};

// Added tokens and the normalizer together, as tokenizers' AddedVocabulary::extract_and_normalize:
// tokens with normalized false are cut out of the original text; each stretch between them is
// normalized; tokens with normalized true (their content normalized the same way) are then cut
// out of the normalized stretch.
class AddedVocabulary {
public:
    AddedVocabulary(std::vector<AddedToken> tokens, TextNormalizer normalizer);
    std::vector<NormalizedSegment> extractAndNormalize(std::string_view text) const;
    const std::vector<AddedToken>& tokens() const { return tokens_; }

    // The ids of valid UTF-8 `utf8` (InputError otherwise): added tokens' ids, and between them
    // whatever `encodeSegment` appends for each normalized stretch.
    using SegmentEncoder = std::function<void(const NormalizedSegment& segment, std::vector<int64_t>& ids)>;
    std::vector<int64_t> encode(const std::string& utf8, const SegmentEncoder& encodeSegment) const;

    // Makes `contentById` (and `knownIds`) cover every added token's id with its literal content,
    // whether or not the vocabulary also holds it: added tokens decode to their content.
    void overlayContents(std::vector<std::string>& contentById, std::vector<bool>& knownIds) const;

private:
    std::vector<AddedToken> tokens_;
    TextNormalizer normalizer_;
    AddedTokens matchedInOriginal_;
    AddedTokens matchedInNormalized_;
};

}  // namespace hullft
