#include "http_service.h"

#include <unistd.h>

#include <chrono>
#include <cmath>

#include <httplib.h>

#include "common/elapsed.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/utc_time.h"
#include "connection_watch.h"

namespace hullft::serve {
namespace {

constexpr const char* kJson = "application/json";
// How often a waiting handler looks at its client's connection.
constexpr auto kWatchInterval = std::chrono::milliseconds(20);

void sendError(httplib::Response& response, const ApiError& error) {
    response.status = error.status();
    response.set_content(apiErrorJson(error), kJson);
}

// The outcome a refusal counts as in hullft_requests_total.
std::string outcomeOf(int status) {
    switch (status) {
        case 401: return "unauthorized";
        case 413: return "too_large";
        case 429: return "overloaded";
        case 503: return "unavailable";
        default: return status < 500 ? "bad_request" : "failed";
    }
}

}  // namespace

bool isLoopbackHost(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

bool bearerTokenMatches(const std::string& authorizationHeader, const std::string& apiKey) {
    static const std::string kScheme = "Bearer ";
    const std::string presented =
        authorizationHeader.rfind(kScheme, 0) == 0 ? authorizationHeader.substr(kScheme.size()) : std::string();
    // Digests of equal length, compared without an early exit: the time says nothing about the key.
    Sha256 presentedHash, keyHash;
    presentedHash.update(presented);
    keyHash.update(apiKey);
    const auto a = presentedHash.finish(), b = keyHash.finish();
    unsigned difference = 0;
    for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned>(a[i] ^ b[i]);
    return difference == 0 && !apiKey.empty();
}

HttpService::HttpService(CompletionService& completions, const TokenizerProtocol& tokenizer,
                         BaseWeightsCheck& baseWeights, ServiceMetrics& metrics, HttpServiceOptions options)
    : completions_(completions),
      tokenizer_(tokenizer),
      base_weights_(baseWeights),
      metrics_(metrics),
      options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()),
      id_prefix_("req-" + compactUtc(utcNow()) + "-" + std::to_string(::getpid()) + "-") {
    // The base is checked after every request, before the next may run.
    queue_ = std::make_unique<RequestQueue>(options_.queue_capacity, [this] {
        const auto start = Clock::now();
        base_weights_.verify();
        metrics_.observeStage("base_check", secondsSince(start));
    });
    route();
}

HttpService::~HttpService() { drain(); }

std::string HttpService::nextRequestId() {
    std::string number = std::to_string(++requests_seen_);
    return id_prefix_ + std::string(number.size() < 6 ? 6 - number.size() : 0, '0') + number;
}

int HttpService::bind() {
    const int port = options_.port == 0 ? server_->bind_to_any_port(options_.host)
                                        : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port < 0)
        throw IoError(options_.host + ":" + std::to_string(options_.port),
                      "cannot listen there (address in use, not this machine's, or not allowed)");
    return port;
}

bool HttpService::listen() { return server_->listen_after_bind(); }

void HttpService::drain() {
    if (draining_.exchange(true)) return;
    queue_->drain();
    server_->stop();
}

void HttpService::route() {
    httplib::Server& server = *server_;
    server.new_task_queue = [threads = options_.http_threads] {
        return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    server.set_payload_max_length(options_.max_body_bytes);
    server.set_keep_alive_max_count(100);
    server.set_tcp_nodelay(true);  // headers and body go out as written, not after the client's delayed ACK

    server.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        response.set_header("X-Request-Id", nextRequestId());
        if (options_.api_key.empty() || request.path == "/health") return httplib::Server::HandlerResponse::Unhandled;
        if (bearerTokenMatches(request.get_header_value("Authorization"), options_.api_key))
            return httplib::Server::HandlerResponse::Unhandled;
        metrics_.countRequest("unauthorized");
        response.set_header("WWW-Authenticate", "Bearer");
        sendError(response, ApiError(401, "invalid_request_error", "",
                                     "missing or wrong API key: send Authorization: Bearer <key>"));
        return httplib::Server::HandlerResponse::Handled;
    });

    // Refusals the library makes itself (a body over the limit, an unknown path) get OpenAI's
    // error object too; the handlers' own errors already have a body.
    server.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return;
        metrics_.countRequest(outcomeOf(response.status));
        if (response.status == 413)
            sendError(response, ApiError(413, "invalid_request_error", "body",
                                         "the request body exceeds " + std::to_string(options_.max_body_bytes) +
                                             " bytes"));
        else if (response.status == 404)
            sendError(response, ApiError(404, "invalid_request_error", "", "no such endpoint: " + request.method + " " +
                                                                               request.path));
        else
            sendError(response, ApiError(response.status, "invalid_request_error", "",
                                         "the request is not valid HTTP/1.1"));
    });
    server.set_exception_handler([this](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string message = "internal error";
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            message = e.what();
        } catch (...) {
        }
        metrics_.countRequest("failed");
        sendError(response, ApiError(500, "server_error", "", message));
    });

    server.Get("/health", [this](const httplib::Request&, httplib::Response& response) {
        const std::string failure = queue_->failure();
        const std::string status = !failure.empty() ? "failed" : draining_ ? "draining" : "ok";
        nlohmann::ordered_json body = {{"status", status},
                                       {"model", completions_.modelName()},
                                       {"queue", queue_->length()},
                                       {"base_weights_fingerprint", base_weights_.fingerprint()}};
        if (!failure.empty()) body["error"] = failure;
        response.status = status == "ok" ? 200 : 503;
        response.set_content(body.dump(), kJson);
    });

    server.Get("/v1/models", [this](const httplib::Request&, httplib::Response& response) {
        const nlohmann::ordered_json model = {
            {"id", completions_.modelName()}, {"object", "model"}, {"created", 0}, {"owned_by", "hullft"}};
        response.set_content(nlohmann::ordered_json({{"object", "list"}, {"data", {model}}}).dump(), kJson);
    });

    server.Get("/tokenizer_info", [this](const httplib::Request&, httplib::Response& response) {
        response.set_content(tokenizer_.info(), kJson);
    });
    // Tokenizing on the connection's thread: it reads the immutable tokenizer, never the model.
    const auto tokenizerRoute = [this](std::string (TokenizerProtocol::*endpoint)(const std::string&) const) {
        return [this, endpoint](const httplib::Request& request, httplib::Response& response) {
            try {
                response.set_content((tokenizer_.*endpoint)(request.body), kJson);
            } catch (const ApiError& error) {
                metrics_.countRequest(outcomeOf(error.status()));
                sendError(response, error);
            }
        };
    };
    server.Post("/tokenize", tokenizerRoute(&TokenizerProtocol::tokenize));
    server.Post("/detokenize", tokenizerRoute(&TokenizerProtocol::detokenize));

    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
        metrics_.setQueueLength(static_cast<int>(queue_->length()));
        response.set_content(metrics_.prometheusText(), kPrometheusContentType);
    });

    server.Post("/v1/completions", [this](const httplib::Request& request, httplib::Response& response) {
        const auto received = Clock::now();
        const std::string requestId = response.get_header_value("X-Request-Id");
        const auto refuse = [&](const ApiError& error) {
            metrics_.countRequest(outcomeOf(error.status()));
            sendError(response, error);
        };
        if (draining_) {
            response.set_header("Retry-After", "5");
            return refuse(ApiError(503, "server_error", "", "the service is shutting down"));
        }
        CompletionRequest parsed;
        try {
            parsed = parseCompletionRequest(request.body, options_.limits);
        } catch (const ApiError& error) {
            return refuse(error);
        }
        CompletionAnswer answer;
        double queueSeconds = 0.0;
        std::shared_ptr<QueuedRequest> queued = queue_->submit([&](const CancellationToken& cancel) {
            queueSeconds = secondsSince(received);
            metrics_.observeStage("queue", queueSeconds);
            answer = completions_.answer(parsed, requestId, cancel);
        });
        metrics_.setQueueLength(static_cast<int>(queue_->length()));
        if (!queued) {
            if (!queue_->failure().empty())
                return refuse(ApiError(503, "server_error", "", "the service stopped: " + queue_->failure()));
            response.set_header("Retry-After", std::to_string(1 + queue_->length()));
            return refuse(ApiError(429, "rate_limit_error", "",
                                   "the request queue is full (" + std::to_string(options_.queue_capacity) +
                                       " waiting); retry later"));
        }
        // Wait for the worker; a client that goes away cancels its query (the worker restores the
        // base before it takes the next), and nobody is left to answer.
        const ConnectionWatch watch(request.local_addr, request.local_port, request.remote_addr, request.remote_port);
        bool cancelled = false;
        while (queued->finished.wait_for(kWatchInterval) != std::future_status::ready)
            if (!cancelled && watch.clientGone()) {
                queued->cancel.cancel();
                cancelled = true;
            }
        metrics_.setQueueLength(static_cast<int>(queue_->length()));
        try {
            queued->finished.get();
        } catch (const ApiError& error) {
            return refuse(error);
        } catch (const CancelledError&) {
            metrics_.countRequest("cancelled");  // nobody reads the answer; it is for the log
            return sendError(response, ApiError(499, "invalid_request_error", "", "the client closed the connection"));
        } catch (const InputError& error) {
            return refuse(ApiError(400, "invalid_request_error", "", error.what()));
        } catch (const std::exception& error) {
            return refuse(ApiError(500, "server_error", "", error.what()));
        }
        metrics_.observeStage("total", secondsSince(received));
        metrics_.countRequest("ok");
        answer.body["ttft"]["queue_s"] = queueSeconds;  // from arrival until the worker took it
        if (answer.breaker_tripped) response.set_header("X-HullFT-Circuit-Breaker", "tripped");
        response.set_content(answer.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
    });
}

}  // namespace hullft::serve
