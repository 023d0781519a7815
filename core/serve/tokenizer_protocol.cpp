#include "serve/tokenizer_protocol.h"

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "serve/completion_request.h"

namespace hullft::serve {
TokenizerProtocol::TokenizerProtocol(const Tokenizer& tokenizer, int64_t contextLength)
    : tokenizer_(tokenizer), context_length_(contextLength) {
    if (const auto id = tokenizer.endOfTextId()) {
        end_of_text_ = tokenizer.decode({*id});
        // A byte-level tokenizer's end-of-text has no text of its own: give it GPT-2's name.
        if (end_of_text_.empty() || !isValidUtf8(end_of_text_)) end_of_text_ = "<|endoftext|>";
    }
    if (tokenizer.prependsBeginningOfText()) beginning_of_text_ = tokenizer.decode(tokenizer.specialTokenTemplate().prefix);
}

std::string TokenizerProtocol::info() const {
    const nlohmann::json eos = end_of_text_.empty() ? nlohmann::json(nullptr) : nlohmann::json(end_of_text_);
    return nlohmann::ordered_json({{"eos_token", eos},
                                   {"bos_token", beginning_of_text_.empty() ? nlohmann::json(nullptr)
                                                                            : nlohmann::json(repairUtf8(beginning_of_text_))},
                                   {"pad_token", nullptr},
                                   {"chat_template", nullptr},
                                   {"max_model_len", context_length_},
                                   {"vocab_size", tokenizer_.vocabSize()},
                                   {"tokenizer_kind", tokenizer_.kind()}})
        .dump();
}

std::string TokenizerProtocol::tokenize(const std::string& body) const {
    const nlohmann::json request = parseRequestObject(body);
    if (!request.contains("prompt") || !request.at("prompt").is_string())
        throw ApiError(400, "invalid_request_error", "prompt", "prompt must be a string");
    const auto special = request.find("add_special_tokens");
    if (special != request.end() && !special->is_boolean() && !special->is_null())
        throw ApiError(400, "invalid_request_error", "add_special_tokens", "add_special_tokens must be a boolean");
    const std::string prompt = request.at("prompt").get<std::string>();
    std::vector<int64_t> tokens;
    if (!end_of_text_.empty() && prompt == end_of_text_)
        tokens = {*tokenizer_.endOfTextId()};
    else if (!beginning_of_text_.empty() && prompt == beginning_of_text_)
        tokens = tokenizer_.specialTokenTemplate().prefix;
    else if (special != request.end() && special->is_boolean() && special->get<bool>())
        tokens = tokenizer_.encodeWithSpecialTokens(prompt);
    else
        tokens = tokenizer_.encode(prompt);
    return nlohmann::ordered_json({{"tokens", tokens}, {"count", tokens.size()}, {"max_model_len", context_length_}})
        .dump();
}

std::string TokenizerProtocol::detokenize(const std::string& body) const {
    const nlohmann::json request = parseRequestObject(body);
    if (!request.contains("tokens") || !request.at("tokens").is_array())
        throw ApiError(400, "invalid_request_error", "tokens", "tokens must be a list of token ids");
    std::vector<int64_t> ids;
    for (const auto& id : request.at("tokens")) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= tokenizer_.vocabSize())
            throw ApiError(400, "invalid_request_error", "tokens",
                           "tokens must be ids below the vocabulary's " + std::to_string(tokenizer_.vocabSize()));
        ids.push_back(id.get<int64_t>());
    }
    return nlohmann::ordered_json({{"prompt", repairUtf8(tokenizer_.decode(ids))}}).dump();
}

}  // namespace hullft::serve
