#include "datastore/chunker.h"

#include <stdexcept>

#include "common/utf8.h"

namespace hullft {
namespace {

// A line (with its '\n') or a piece of a line too long for one chunk.
struct Unit {
    size_t offset;
    size_t length;
    int64_t tokens;
    bool blank;
};

int64_t countTokens(const Tokenizer& tokenizer, std::string_view text) {
    return static_cast<int64_t>(tokenizer.encode(std::string(text)).size());
}

// Longest UTF-8-aligned prefix of `line` with at most `maxTokens` tokens (binary search over
// byte lengths; never empty, so a split always makes progress).
size_t fittingPrefix(const Tokenizer& tokenizer, std::string_view line, int64_t maxTokens) {
    size_t low = 0;
    size_t high = std::min(line.size(), static_cast<size_t>(maxTokens) * 32);
    while (low < high) {
        const size_t mid = (low + high + 1) / 2;
        if (countTokens(tokenizer, line.substr(0, utf8PrefixLength(line, mid))) <= maxTokens) low = mid;
        else high = mid - 1;
    }
    const size_t aligned = utf8PrefixLength(line, low);
    if (aligned > 0) return aligned;
    size_t firstChar = 1;
    while (firstChar < line.size() && (static_cast<unsigned char>(line[firstChar]) & 0xC0) == 0x80) ++firstChar;
    return firstChar;
}

std::vector<Unit> splitUnits(const std::string& text, const Tokenizer& tokenizer, int64_t maxTokens) {
    std::vector<Unit> units;
    size_t start = 0;
    while (start < text.size()) {
        const size_t newline = text.find('\n', start);
        const size_t end = newline == std::string::npos ? text.size() : newline + 1;
        std::string_view line(text.data() + start, end - start);
        size_t offset = start;
        while (!line.empty()) {
            int64_t tokens = countTokens(tokenizer, line);
            size_t length = line.size();
            if (tokens > maxTokens) {  // giant line: hard split
                length = fittingPrefix(tokenizer, line, maxTokens);
                tokens = countTokens(tokenizer, line.substr(0, length));
            }
            const bool blank = line.substr(0, length).find_first_not_of(" \t\r\n") == std::string_view::npos;
            units.push_back({offset, length, tokens, blank});
            offset += length;
            line.remove_prefix(length);
        }
        start = end;
    }
    return units;
}

// Index one past the last unit of the chunk starting at `first`.
size_t chunkEnd(const std::vector<Unit>& units, size_t first, int64_t maxTokens) {
    int64_t total = 0;
    size_t end = first;
    size_t lastParagraphBreak = first;
    int64_t tokensAtBreak = 0;
    while (end < units.size() && total + units[end].tokens <= maxTokens) {
        total += units[end].tokens;
        if (units[end].blank) lastParagraphBreak = end + 1, tokensAtBreak = total;
        ++end;
    }
    if (end == first) return first + 1;  // a unit alone always fits (splitUnits made sure)
    if (end < units.size() && tokensAtBreak * 2 >= total && lastParagraphBreak > first) return lastParagraphBreak;
    return end;
}

}  // namespace

std::vector<Chunk> chunkDocument(const std::string& text, const Tokenizer& tokenizer, int64_t maxTokens) {
    if (maxTokens < 1) throw std::invalid_argument("chunkDocument: maxTokens must be positive");
    const std::vector<Unit> units = splitUnits(text, tokenizer, maxTokens);
    std::vector<Chunk> chunks;
    for (size_t first = 0; first < units.size();) {
        size_t end = chunkEnd(units, first, maxTokens);
        // Token counts of lines need not add up for merging tokenizers: check the joined text.
        while (true) {
            const size_t offset = units[first].offset;
            const size_t length = units[end - 1].offset + units[end - 1].length - offset;
            const std::string piece = text.substr(offset, length);
            const int64_t tokens = countTokens(tokenizer, piece);
            if (tokens > maxTokens && end - first > 1) {
                --end;
                continue;
            }
            if (piece.find_first_not_of(" \t\r\n") != std::string::npos) chunks.push_back({offset, piece, tokens});
            break;
        }
        first = end;
    }
    return chunks;
}

}  // namespace hullft
