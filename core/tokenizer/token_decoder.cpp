#include "tokenizer/token_decoder.h"

#include <optional>

#include "tokenizer/text_normalizer.h"

namespace hullft {
namespace {

// The byte a "<0xAB>" token stands for (tokenizers' ByteFallback test: six bytes, two hex digits).
std::optional<char> fallbackByte(const std::string& token) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>') return std::nullopt;
    const int high = hex(token[3]), low = hex(token[4]);
    if (high < 0 || low < 0) return std::nullopt;
    return static_cast<char>(high * 16 + low);
}

std::vector<std::string> byteFallback(const std::vector<std::string>& tokens) {
    std::vector<std::string> result;
    std::string bytes;
    for (const std::string& token : tokens) {
        if (const std::optional<char> byte = fallbackByte(token)) {
            bytes += *byte;
            continue;
        }
        if (!bytes.empty()) result.push_back(std::move(bytes));
        bytes.clear();
        result.push_back(token);
    }
    if (!bytes.empty()) result.push_back(std::move(bytes));
    return result;
}

std::string strip(const std::string& token, const std::string& content, size_t start, size_t stop) {
    size_t begin = 0, end = token.size();
    for (size_t i = 0; i < start && !content.empty() && token.compare(begin, content.size(), content) == 0;
         ++i)
        begin += content.size();
    for (size_t i = 0; i < stop && !content.empty() && end >= begin + content.size() &&
                       token.compare(end - content.size(), content.size(), content) == 0;
         ++i)
        end -= content.size();
    return token.substr(begin, end - begin);
}

void applyStep(const DecoderStep& step, std::vector<std::string>& tokens) {
    switch (step.kind) {
        case DecoderStep::Kind::Replace:
            for (std::string& token : tokens) token = replaceLiteral(token, step.pattern, step.content);
            break;
        case DecoderStep::Kind::ByteFallback:
            tokens = byteFallback(tokens);
            break;
        case DecoderStep::Kind::Fuse: {
            std::string fused;
            for (const std::string& token : tokens) fused += token;
            tokens.assign(1, fused);
            break;
        }
        case DecoderStep::Kind::Strip:
            for (std::string& token : tokens) token = strip(token, step.content, step.start, step.stop);
            break;
        case DecoderStep::Kind::Metaspace:
            for (size_t i = 0; i < tokens.size(); ++i)
                tokens[i] =
                    replaceLiteral(tokens[i], step.pattern, i == 0 && step.dropFromFirstToken ? "" : " ");
            break;
    }
}

}  // namespace

std::string decodeTokens(const std::vector<DecoderStep>& steps, std::vector<std::string> tokens) {
    for (const DecoderStep& step : steps) applyStep(step, tokens);
    std::string text;
    for (const std::string& token : tokens) text += token;
    return text;
}

}  // namespace hullft
