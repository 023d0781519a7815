#include "tokenizer/word_piece.h"

#include "common/errors.h"
#include "common/utf8.h"

namespace hullft {

WordPiece::WordPiece(std::unordered_map<std::string, int64_t> vocab, const std::string& unknownToken,
                     std::string continuingSubwordPrefix, size_t maxInputCharsPerWord,
                     const std::string& source)
    : vocab_(std::move(vocab)),
      prefix_(std::move(continuingSubwordPrefix)),
      maxInputCharsPerWord_(maxInputCharsPerWord) {
    const auto unknown = vocab_.find(unknownToken);
    if (unknown == vocab_.end())
        throw InputError(source, "the unknown token '" + unknownToken + "' is not in the vocabulary");
    unknownId_ = unknown->second;
}

int64_t WordPiece::idOf(const std::string& token) const {
    const auto found = vocab_.find(token);
    return found == vocab_.end() ? -1 : found->second;
}

void WordPiece::encodeWord(std::string_view word, std::vector<int64_t>& ids) const {
    std::vector<size_t> boundaries;  // byte offset of each character, then the end
    for (size_t offset = 0; offset < word.size();) {
        boundaries.push_back(offset);
        nextCodePoint(word, offset);
    }
    boundaries.push_back(word.size());
    if (boundaries.size() - 1 > maxInputCharsPerWord_) {
        ids.push_back(unknownId_);
        return;
    }
    std::vector<int64_t> pieces;
    for (size_t start = 0; start + 1 < boundaries.size();) {
        int64_t found = -1;
        size_t end = boundaries.size() - 1;
        for (; end > start; --end) {
            std::string candidate(word.substr(boundaries[start], boundaries[end] - boundaries[start]));
            if (start > 0) candidate.insert(0, prefix_);
            if ((found = idOf(candidate)) >= 0) break;
        }
        if (found < 0) {
            ids.push_back(unknownId_);
            return;
        }
        pieces.push_back(found);
        start = end;
    }
    ids.insert(ids.end(), pieces.begin(), pieces.end());
}

}  // namespace hullft
