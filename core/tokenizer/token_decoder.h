#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hullft {

// One step of a SentencePiece-style tokenizer.json decoder, run on the token strings in order as
// tokenizers does: Replace (a literal string in each token), ByteFallback ("<0xAB>" tokens become
// their bytes, a run of them one token), Fuse (all tokens into one), Strip (up to `start`
// leading and `stop` trailing copies of the one-character `content` off each token), Metaspace
// (`pattern` becomes a space, and is dropped from the first token when the pre-tokenizer
// prepends it).
struct DecoderStep {
    enum class Kind { Replace, ByteFallback, Fuse, Strip, Metaspace };
    Kind kind = Kind::Fuse;
    std::string pattern;              // Replace, Metaspace
    std::string content;              // Replace, Strip
    size_t start = 0;                 // Strip
    size_t stop = 0;                  // Strip
    bool dropFromFirstToken = false;  // Metaspace: prepend_scheme other than "never"
};

// The text of `tokens` after `steps`. Byte-fallback bytes are kept as they are, so ids that split
// a character give invalid UTF-8 (repairUtf8 makes it displayable) where tokenizers would write
// U+FFFD per byte.
std::string decodeTokens(const std::vector<DecoderStep>& steps, std::vector<std::string> tokens);

}  // namespace hullft
