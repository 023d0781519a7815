#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace hullft {

// One training sequence cut from a document.
struct Chunk {
    size_t byte_offset = 0;  // where the chunk starts in the document text
    std::string text;
    int64_t tokens = 0;
};

// Cuts a document into consecutive chunks of at most `maxTokens` tokens that together cover
// the text. Chunks end at line ends, preferably at a paragraph break (blank line) in the
// chunk's second half; a line longer than `maxTokens` is hard-split at UTF-8 character
// boundaries. Whitespace-only chunks are dropped.
std::vector<Chunk> chunkDocument(const std::string& text, const Tokenizer& tokenizer, int64_t maxTokens);

}  // namespace hullft
