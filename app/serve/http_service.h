#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "completion_service.h"
#include "serve/base_weights_check.h"
#include "serve/completion_request.h"
#include "serve/request_queue.h"
#include "serve/service_metrics.h"
#include "serve/tokenizer_protocol.h"

namespace httplib {
class Server;
}

namespace hullft::serve {

struct HttpServiceOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                  // 0: any free port (printed once bound)
    std::string api_key;              // "": no authentication (only allowed on a loopback address)
    size_t max_body_bytes = 1 << 20;  // larger bodies get 413
    RequestLimits limits;
    size_t queue_capacity = 16;       // requests waiting for the worker; one more gets 429
    int http_threads = 32;            // connections served at once; must exceed queue_capacity + 1
};

// The HTTP face of the service (cpp-httplib): POST /v1/completions, GET /v1/models, /health and
// /metrics, and the tokenizer endpoints (GET /tokenizer_info, POST /tokenize, POST /detokenize). Completion requests are parsed and checked on the connection's thread, then queued
// for the one worker that owns the model; a client that disconnects while its request waits or
// runs cancels it. Every response carries X-Request-Id; every refusal is OpenAI's error object.
class HttpService {
public:
    HttpService(CompletionService& completions, const TokenizerProtocol& tokenizer, BaseWeightsCheck& baseWeights,
                ServiceMetrics& metrics, HttpServiceOptions options);
    ~HttpService();
    HttpService(const HttpService&) = delete;
    HttpService& operator=(const HttpService&) = delete;

    // Binds the address; IoError naming it when that fails. Returns the port bound.
    int bind();
    // Serves until drain() has finished; returns false when the server failed.
    bool listen();
    // Refuses new completion requests (503), lets the queued and running ones finish and be
    // answered, then stops listening. Safe from any thread, once or more.
    void drain();

private:
    void route();
    std::string nextRequestId();

    CompletionService& completions_;
    const TokenizerProtocol& tokenizer_;
    BaseWeightsCheck& base_weights_;
    ServiceMetrics& metrics_;
    const HttpServiceOptions options_;
    std::unique_ptr<httplib::Server> server_;
    std::unique_ptr<RequestQueue> queue_;
    std::atomic<bool> draining_{false};
    std::atomic<int64_t> requests_seen_{0};
    const std::string id_prefix_;
};

// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost): the only addresses
// served without an API key.
bool isLoopbackHost(const std::string& host);

// Compares a presented bearer token with the key in time that depends on neither's content.
bool bearerTokenMatches(const std::string& authorizationHeader, const std::string& apiKey);

}  // namespace hullft::serve
