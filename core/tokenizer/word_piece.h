#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hullft {

// The WordPiece model: each pre-tokenized word becomes the longest vocabulary entry that starts
// it, then repeatedly the longest entry "##" + rest that continues it; a word with a character
// no entry covers, or longer than max_input_chars_per_word characters, is one unknown token.
class WordPiece {
public:
    WordPiece(std::unordered_map<std::string, int64_t> vocab, const std::string& unknownToken,
              std::string continuingSubwordPrefix, size_t maxInputCharsPerWord, const std::string& source);

    void encodeWord(std::string_view word, std::vector<int64_t>& ids) const;
    int64_t idOf(const std::string& token) const;  // -1 when absent
    const std::unordered_map<std::string, int64_t>& vocab() const { return vocab_; }
    const std::string& continuingSubwordPrefix() const { return prefix_; }

private:
    std::unordered_map<std::string, int64_t> vocab_;
    int64_t unknownId_;
    std::string prefix_;
    size_t maxInputCharsPerWord_;
};

}  // namespace hullft
