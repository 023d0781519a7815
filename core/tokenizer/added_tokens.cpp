#include "tokenizer/added_tokens.h"

#include <algorithm>

namespace hullft {
namespace {

bool isAsciiWhitespace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

AddedTokens::AddedTokens(std::vector<AddedToken> tokens) : tokens_(std::move(tokens)), byFirstByte_(256) {
    tokens_.erase(
        std::remove_if(tokens_.begin(), tokens_.end(), [](const AddedToken& t) { return t.content.empty(); }),
        tokens_.end());
    std::stable_sort(tokens_.begin(), tokens_.end(), [](const AddedToken& a, const AddedToken& b) {
        return a.content.size() > b.content.size();
    });
    for (size_t i = 0; i < tokens_.size(); ++i)
        byFirstByte_[static_cast<unsigned char>(tokens_[i].content[0])].push_back(i);
}

std::vector<TextSegment> AddedTokens::split(std::string_view text) const {
    std::vector<TextSegment> segments;
    size_t plainStart = 0;
    for (size_t i = 0; i < text.size();) {
        const AddedToken* match = nullptr;
        for (const size_t index : byFirstByte_[static_cast<unsigned char>(text[i])]) {
            if (text.compare(i, tokens_[index].content.size(), tokens_[index].content) == 0) {
                match = &tokens_[index];
                break;
            }
        }
        if (!match) {
            ++i;
            continue;
        }
        size_t plainEnd = i, next = i + match->content.size();
        if (match->lstrip)
            while (plainEnd > plainStart && isAsciiWhitespace(text[plainEnd - 1])) --plainEnd;
        if (match->rstrip)
            while (next < text.size() && isAsciiWhitespace(text[next])) ++next;
        if (plainEnd > plainStart) segments.push_back({text.substr(plainStart, plainEnd - plainStart), -1});
        segments.push_back({{}, match->id});
        plainStart = i = next;
    }
    if (plainStart < text.size()) segments.push_back({text.substr(plainStart), -1});
    return segments;
}

}  // namespace hullft
