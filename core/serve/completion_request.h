#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hullft::serve {

// Caps a request is checked against (the service's defaults; `hullft serve` may lower/raise them).
struct RequestLimits {
    int max_prompts = 16;  // prompts in one request (prompt given as a list)
    int max_tokens = 512;  // the OpenAI max_tokens
    int max_logprobs = 5;  // OpenAI's cap for `logprobs`
    int max_stop = 16;     // stop sequences (lm-evaluation-harness adds end-of-text to a task's own)
    int max_n = 100;       // ttft.n
    int max_k = 2000;      // ttft.k
    int max_r = 1000;      // ttft.r
};

// A request the service refuses: the HTTP status, the OpenAI error type and the field it names
// ("" when it names none: a body that is not JSON, say). what() is the message for the client.
class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string type, std::string param, const std::string& message);
    int status() const { return status_; }
    const std::string& type() const { return type_; }
    const std::string& param() const { return param_; }

private:
    int status_;
    std::string type_;
    std::string param_;
};

// OpenAI's error body: {"error":{"message":...,"type":...,"param":...|null,"code":null}}; an empty
// param is null. Ill-formed UTF-8 in the message becomes U+FFFD, so the body is always valid JSON.
std::string apiErrorJson(const ApiError& error);

struct Prompt {
    std::string text;                // the prompt as text (given, or empty when token ids were given)
    std::vector<int64_t> token_ids;  // the prompt as token ids when the client sent ids; empty otherwise
};

// The optional "ttft" object; absent members keep the paper's defaults (std::nullopt here).
struct TtftRequest {
    std::string method = "hullft";  // base|knn|sift|hullft|hullft-noreuse|fw-pad
    std::optional<int> n, k, r;
    std::optional<double> lr;
    std::string adapt = "full";  // full|lora
};

struct CompletionRequest {
    std::string model;            // as sent ("" when absent): the service serves one model whatever the name
    std::vector<Prompt> prompts;  // one TTFT query each
    int max_tokens = 16;          // OpenAI default; 0 allowed (with echo: score the prompt only)
    double temperature = 1.0;     // 0 = greedy
    double top_p = 1.0;
    uint64_t seed = 0;
    std::vector<std::string> stop;
    bool echo = false;
    std::optional<int> logprobs;  // top alternatives per token, 0..max_logprobs; null/absent = no logprobs
    TtftRequest ttft;
};

// Every endpoint's body as a JSON object: ApiError(400, no field) for invalid UTF-8 (naming the
// byte, checked before the JSON), malformed or too deeply nested JSON, or a body that is not an
// object.
nlohmann::json parseRequestObject(const std::string& body);

// Parses and checks a POST /v1/completions body; every refusal is ApiError(400,
// "invalid_request_error", field path such as "prompt", "max_tokens", "ttft.n").
//
// The body must be valid UTF-8 (checked before the JSON, "body is not valid UTF-8 at byte N"),
// JSON nested at most kMaxJsonDepth (common/json_io.h) deep, and an object. "prompt" is
// required, in any of OpenAI's four forms: a string; a list of strings; a list of integers (one
// tokenized prompt); a list of lists of integers (a batch of tokenized prompts). No prompt may be
// empty, token ids must be >= 0 (the vocabulary is the service's to check), and at most
// max_prompts prompts.
//
// Integer members must be JSON integers (not 3.0, not true); number members take any JSON number.
// max_tokens 0..max_tokens; temperature 0..2; top_p in (0, 1]; seed a non-negative integer;
// stop a string or a list of at most max_stop strings, none empty; echo a boolean; logprobs
// 0..max_logprobs. "ttft" is an object with only method, n (1..max_n), k (1..max_k),
// r (1..max_r), lr (finite, in (0, 1]) and adapt (full|lora). A member given as null is as if
// absent, except prompt. Caps exceeded name the field and the cap.
//
// `stream: true` is refused ("stream is not supported"), as is a top-level n or best_of other
// than 1. Other top-level members are ignored: clients such as lm-evaluation-harness send
// generation keys the service has no use for.
CompletionRequest parseCompletionRequest(const std::string& body, const RequestLimits& limits);

}  // namespace hullft::serve
