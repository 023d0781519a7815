#include "serve/completion_request.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/utf8.h"

namespace hullft::serve {

namespace {

using nlohmann::json;

constexpr int kBadRequest = 400;
const char* const kInvalidRequest = "invalid_request_error";
const char* const kMethods[] = {"base", "knn", "sift", "hullft", "hullft-noreuse", "fw-pad"};
const char* const kAdaptModes[] = {"full", "lora"};

[[noreturn]] void refuse(const std::string& param, const std::string& message) {
    throw ApiError(kBadRequest, kInvalidRequest, param, message);
}

// "a string", "an object", ...: what the client sent instead, for the message.
std::string kindOf(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "a list";
        case json::value_t::object:
            return "an object";
        case json::value_t::number_float:
            return "a non-integer number";
        default:
            return "an integer";
    }
}

[[noreturn]] void wrongType(const std::string& param, const std::string& expected, const json& value) {
    refuse(param, param + " must be " + expected + ", not " + kindOf(value));
}

// A JSON integer within [min, max]. nlohmann keeps integers above INT64_MAX unsigned and turns
// those beyond 64 bits into doubles; both compare against the cap without overflow.
int64_t integerIn(const json& value, const std::string& param, int64_t min, int64_t max) {
    const auto tooLarge = [&]() { refuse(param, param + " must be at most " + std::to_string(max)); };
    const auto tooSmall = [&]() { refuse(param, param + " must be at least " + std::to_string(min)); };
    if (value.is_number_unsigned()) {
        const uint64_t number = value.get<uint64_t>();
        if (max < 0 || number > static_cast<uint64_t>(max)) tooLarge();
        if (min > 0 && number < static_cast<uint64_t>(min)) tooSmall();
        return static_cast<int64_t>(number);
    }
    if (value.is_number_integer()) {
        const int64_t number = value.get<int64_t>();
        if (number > max) tooLarge();
        if (number < min) tooSmall();
        return number;
    }
    // 1e30 or 18446744073709551616: whole, but past any cap; say which end.
    if (value.is_number_float()) {
        const double number = value.get<double>();
        if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) >= 9.2e18)
            number > 0 ? tooLarge() : tooSmall();
    }
    wrongType(param, "an integer", value);
}

int intIn(const json& value, const std::string& param, int min, int max) {
    return static_cast<int>(integerIn(value, param, min, max));
}

double numberOf(const json& value, const std::string& param) {
    if (!value.is_number()) wrongType(param, "a number", value);
    return value.get<double>();
}

const std::string& stringOf(const json& value, const std::string& param) {
    if (!value.is_string()) wrongType(param, "a string", value);
    return value.get_ref<const std::string&>();
}

template <size_t N>
std::string oneOf(const json& value, const std::string& param, const char* const (&allowed)[N]) {
    const std::string& text = stringOf(value, param);
    std::string list;
    for (const char* name : allowed) {
        if (text == name) return text;
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    refuse(param, param + " must be one of " + list + ", not \"" + text + "\"");
}

// The member `name` of `object`, or nullptr when it is absent or null.
const json* member(const json& object, const std::string& name) {
    const auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::vector<int64_t> tokenIds(const json& list, const std::string& what) {
    if (list.empty()) refuse("prompt", what + " is an empty token list");
    std::vector<int64_t> ids;
    ids.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        const json& id = list[i];
        if (!id.is_number_integer())
            refuse("prompt", what + " holds " + kindOf(id) + " at " + std::to_string(i) +
                                 "; token ids must be integers");
        if (id.is_number_unsigned()) {
            if (id.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                refuse("prompt", what + " holds a token id too large at " + std::to_string(i));
        } else if (id.get<int64_t>() < 0) {
            refuse("prompt", what + " holds a negative token id at " + std::to_string(i));
        }
        ids.push_back(id.get<int64_t>());
    }
    return ids;
}

std::vector<Prompt> prompts(const json* value, const RequestLimits& limits) {
    if (!value) refuse("prompt", "prompt is required");
    if (value->is_string()) {
        if (value->get_ref<const std::string&>().empty()) refuse("prompt", "prompt is an empty string");
        return {Prompt{value->get<std::string>(), {}}};
    }
    if (!value->is_array()) wrongType("prompt", "a string, a list of strings or a list of token ids", *value);
    if (value->empty()) refuse("prompt", "prompt is an empty list");
    // One list of integers is one tokenized prompt; any other list holds one prompt per element.
    if (value->front().is_number_integer()) return {Prompt{"", tokenIds(*value, "prompt")}};
    if (value->size() > static_cast<size_t>(limits.max_prompts))
        refuse("prompt", "prompt holds " + std::to_string(value->size()) + " prompts; at most " +
                             std::to_string(limits.max_prompts) + " per request");
    const bool tokenized = value->front().is_array();
    std::vector<Prompt> result;
    for (size_t i = 0; i < value->size(); ++i) {
        const json& element = (*value)[i];
        const std::string what = "prompt[" + std::to_string(i) + "]";
        if (tokenized) {
            if (!element.is_array())
                refuse("prompt", what + " must be a list of token ids, not " + kindOf(element));
            result.push_back({"", tokenIds(element, what)});
        } else {
            if (!element.is_string()) refuse("prompt", what + " must be a string, not " + kindOf(element));
            if (element.get_ref<const std::string&>().empty()) refuse("prompt", what + " is an empty string");
            result.push_back({element.get<std::string>(), {}});
        }
    }
    return result;
}

std::vector<std::string> stopSequences(const json* value, const RequestLimits& limits) {
    if (!value) return {};
    if (value->is_string()) {
        if (value->get_ref<const std::string&>().empty()) refuse("stop", "stop is an empty string");
        return {value->get<std::string>()};
    }
    if (!value->is_array()) wrongType("stop", "a string or a list of strings", *value);
    if (value->size() > static_cast<size_t>(limits.max_stop))
        refuse("stop", "stop holds " + std::to_string(value->size()) + " sequences; at most " +
                           std::to_string(limits.max_stop));
    std::vector<std::string> stop;
    for (const json& element : *value) {
        if (!element.is_string()) wrongType("stop", "a list of strings", element);
        if (element.get_ref<const std::string&>().empty()) refuse("stop", "stop holds an empty string");
        stop.push_back(element.get<std::string>());
    }
    return stop;
}

TtftRequest ttftRequest(const json* value, const RequestLimits& limits) {
    TtftRequest ttft;
    if (!value) return ttft;
    if (!value->is_object()) wrongType("ttft", "an object", *value);
    // A misspelt member would silently fall back to a default: refuse it instead.
    for (const auto& item : value->items())
        if (item.key() != "method" && item.key() != "n" && item.key() != "k" && item.key() != "r" &&
            item.key() != "lr" && item.key() != "adapt")
            refuse("ttft." + item.key(),
                   "ttft has no member \"" + item.key() + "\" (it takes method, n, k, r, lr and adapt)");
    if (const json* m = member(*value, "method")) ttft.method = oneOf(*m, "ttft.method", kMethods);
    if (const json* n = member(*value, "n")) ttft.n = intIn(*n, "ttft.n", 1, limits.max_n);
    if (const json* k = member(*value, "k")) ttft.k = intIn(*k, "ttft.k", 1, limits.max_k);
    if (const json* r = member(*value, "r")) ttft.r = intIn(*r, "ttft.r", 1, limits.max_r);
    if (const json* lr = member(*value, "lr")) {
        const double rate = numberOf(*lr, "ttft.lr");
        if (!(std::isfinite(rate) && rate > 0 && rate <= 1)) refuse("ttft.lr", "ttft.lr must be in (0, 1]");
        ttft.lr = rate;
    }
    if (const json* adapt = member(*value, "adapt")) ttft.adapt = oneOf(*adapt, "ttft.adapt", kAdaptModes);
    return ttft;
}

}  // namespace

ApiError::ApiError(int status, std::string type, std::string param, const std::string& message)
    : std::runtime_error(message), status_(status), type_(std::move(type)), param_(std::move(param)) {}

std::string apiErrorJson(const ApiError& error) {
    const json body = {{"error",
                        {{"message", error.what()},
                         {"type", error.type()},
                         {"param", error.param().empty() ? json(nullptr) : json(error.param())},
                         {"code", nullptr}}}};
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

nlohmann::json parseRequestObject(const std::string& body) {
    if (const std::optional<size_t> bad = firstInvalidUtf8Offset(body))
        refuse("", "body is not valid UTF-8 at byte " + std::to_string(*bad));
    json root;
    try {
        root = parseJson(body, "request body");
    } catch (const InputError& e) {
        refuse("", e.what());
    }
    if (!root.is_object()) refuse("", "body must be a JSON object, not " + kindOf(root));
    return root;
}

CompletionRequest parseCompletionRequest(const std::string& body, const RequestLimits& limits) {
    const json root = parseRequestObject(body);

    CompletionRequest request;
    if (const json* model = member(root, "model")) request.model = stringOf(*model, "model");
    if (const json* stream = member(root, "stream")) {
        if (!stream->is_boolean()) wrongType("stream", "a boolean", *stream);
        if (stream->get<bool>()) refuse("stream", "stream is not supported");
    }
    // One completion per prompt: each is its own finetuned model.
    for (const std::string name : {"n", "best_of"})
        if (const json* count = member(root, name)) {
            if (!count->is_number_integer()) wrongType(name, "an integer", *count);
            if (!(count->is_number_unsigned() ? count->get<uint64_t>() == 1 : count->get<int64_t>() == 1))
                refuse(name, name + " must be 1: the service returns one completion per prompt");
        }
    request.prompts = prompts(member(root, "prompt"), limits);
    if (const json* maxTokens = member(root, "max_tokens"))
        request.max_tokens = intIn(*maxTokens, "max_tokens", 0, limits.max_tokens);
    if (const json* temperature = member(root, "temperature")) {
        request.temperature = numberOf(*temperature, "temperature");
        if (!(request.temperature >= 0 && request.temperature <= 2))
            refuse("temperature", "temperature must be between 0 and 2");
    }
    if (const json* topP = member(root, "top_p")) {
        request.top_p = numberOf(*topP, "top_p");
        if (!(request.top_p > 0 && request.top_p <= 1)) refuse("top_p", "top_p must be in (0, 1]");
    }
    if (const json* seed = member(root, "seed")) {
        if (!seed->is_number_integer()) wrongType("seed", "a non-negative integer", *seed);
        if (!seed->is_number_unsigned() && seed->get<int64_t>() < 0)
            refuse("seed", "seed must be at least 0");
        request.seed =
            seed->is_number_unsigned() ? seed->get<uint64_t>() : static_cast<uint64_t>(seed->get<int64_t>());
    }
    request.stop = stopSequences(member(root, "stop"), limits);
    if (const json* echo = member(root, "echo")) {
        if (!echo->is_boolean()) wrongType("echo", "a boolean", *echo);
        request.echo = echo->get<bool>();
    }
    if (const json* logprobs = member(root, "logprobs"))
        request.logprobs = intIn(*logprobs, "logprobs", 0, limits.max_logprobs);
    request.ttft = ttftRequest(member(root, "ttft"), limits);
    return request;
}

}  // namespace hullft::serve
