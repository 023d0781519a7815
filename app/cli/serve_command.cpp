#include "cli/serve_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/pipeline_setup.h"
#include "cli/recorder_options.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "completion_service.h"
#include "datastore/store_location.h"
#include "http_service.h"
#include "pipeline/pipeline_settings.h"
#include "rotating_session_log.h"
#include "serve/base_weights_check.h"

namespace hullft::cli {
namespace {

// Caps on the caps: what one request may ask of a single worker at most.
constexpr int kMaxQueue = 4096;
constexpr int kMaxBodyKilobytes = 64 * 1024;

struct ServeOptions {
    serve::HttpServiceOptions http;
    std::string sessions_directory;
    int64_t session_max_bytes = int64_t{64} << 20;
};

// The key in --api-key-file: its first line, without surrounding whitespace.
std::string readApiKey(const std::string& path) {
    std::string key = readFileBytes(path);
    key = key.substr(0, key.find('\n'));
    const auto notSpace = [](char c) { return c != ' ' && c != '\t' && c != '\r'; };
    key.erase(key.begin(), std::find_if(key.begin(), key.end(), notSpace));
    key.erase(std::find_if(key.rbegin(), key.rend(), notSpace).base(), key.end());
    if (key.size() < 16) throw InputError(path, "the API key must be at least 16 characters on the first line");
    return key;
}

ServeOptions optionsFromArguments(const Arguments& args) {
    ServeOptions options;
    serve::HttpServiceOptions& http = options.http;
    http.host = args.valueOr("host", http.host);
    http.port = args.boundedIntValue("port", http.port, 0, 65535);
    if (args.has("api-key-file")) http.api_key = readApiKey(args.value("api-key-file"));
    if (!serve::isLoopbackHost(http.host) && http.api_key.empty())
        throw UsageError("--host " + http.host +
                         " is reachable from other machines: give --api-key-file (clients then send "
                         "Authorization: Bearer <key>)");
    http.queue_capacity = static_cast<size_t>(args.boundedIntValue("queue", 16, 1, kMaxQueue));
    http.http_threads = static_cast<int>(http.queue_capacity) + 16;  // the queue, the worker's, and GETs
    http.max_body_bytes = static_cast<size_t>(args.boundedIntValue("max-body-kb", 1024, 1, kMaxBodyKilobytes)) * 1024;
    serve::RequestLimits& limits = http.limits;
    limits.max_prompts = args.boundedIntValue("max-prompts", limits.max_prompts, 1, 1024);
    limits.max_tokens = args.boundedIntValue("max-tokens", limits.max_tokens, 0, kMaxGenerateTokens);
    limits.max_n = args.boundedIntValue("max-n", limits.max_n, 1, kMaxN);
    limits.max_k = args.boundedIntValue("max-k", limits.max_k, 1, kMaxK);
    options.sessions_directory = args.valueOr("sessions", hullftDataDirectory() + "/serve-sessions");
    options.session_max_bytes = int64_t{args.boundedIntValue("session-max-mb", 64, 1, 1 << 20)} << 20;
    return options;
}

// The session header of every audit file: the service's defaults and caps.
sessions::SessionInfo sessionInfoFor(LoadedPipeline& loaded, const ServeOptions& options) {
    PipelineSettings defaults;
    defaults.generate_tokens = 0;
    nlohmann::json settings = nlohmann::json::parse(pipelineSettingsJson(defaults));
    settings["service"] = {{"host", options.http.host},
                           {"queue", options.http.queue_capacity},
                           {"max_body_bytes", options.http.max_body_bytes},
                           {"max_prompts", options.http.limits.max_prompts},
                           {"max_tokens", options.http.limits.max_tokens},
                           {"max_n", options.http.limits.max_n},
                           {"max_k", options.http.limits.max_k},
                           {"authenticated", !options.http.api_key.empty()}};
    return sessionHeaderOf(loaded, settings.dump());
}

// The signal that asked the service to stop (0: none yet). A handler, not a blocked mask: the
// BLAS library starts its threads when it is loaded, before main could block anything in them.
std::atomic<int> stopSignal{0};

void onStopSignal(int signal) { stopSignal.store(signal); }

// Waits for SIGTERM or SIGINT and drains the service; returns when the service stops on its own too.
void drainOnSignal(serve::HttpService& service, const std::atomic<bool>& stopped) {
    while (!stopped) {
        const int signal = stopSignal.load();
        if (signal == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        printLine(std::string("hullft serve: ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                  ": answering the requests already queued, then exiting");
        service.drain();
        return;
    }
}

int runServe(const std::vector<std::string>& words) {
    const Arguments args(words,
                         {"model", "store", "device", "precision", "layer", "embedder", "host", "port", "api-key-file",
                          "sessions", "session-max-mb", "queue", "max-body-kb", "max-prompts", "max-tokens", "max-n",
                          "max-k", "sign-key"},
                         {});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
    const ServeOptions options = optionsFromArguments(args);
    const sessions::RecorderOptions recording = recorderOptionsFromArguments(args);

    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGINT, onStopSignal);
    LoadedPipeline loaded(pipelineSourcesFromArguments(args));
    serve::BaseWeightsCheck baseWeights(loaded.model());
    sessions::RotatingSessionLog audit(options.sessions_directory, sessionInfoFor(loaded, options),
                                       options.session_max_bytes, recording);
    serve::ServiceMetrics metrics;
    const std::string modelName = std::filesystem::path(loaded.modelDirectory()).lexically_normal().filename().string();
    serve::CompletionService completions(loaded, audit, metrics, modelName.empty() ? "hullft" : modelName);
    const serve::TokenizerProtocol tokenizer(loaded.tokenizer(), loaded.model().contextLength());
    serve::HttpService service(completions, tokenizer, baseWeights, metrics, options.http);
    const int port = service.bind();
    printLine("hullft serve: listening on http://" + options.http.host + ":" + std::to_string(port) + " (model " +
              completions.modelName() + ", " + loaded.deviceDescription() + "); audit sessions in " +
              options.sessions_directory);

    std::atomic<bool> stopped{false};
    std::thread signalThread(drainOnSignal, std::ref(service), std::cref(stopped));
    const bool served = service.listen();
    stopped = true;
    signalThread.join();
    service.drain();
    audit.close();
    printLine("hullft serve: stopped; audit sessions closed");
    return served ? kExitOk : kExitFailure;
}

}  // namespace

const Command& serveCommand() {
    static const Command command{
        "serve",
        "serve test-time finetuning behind an OpenAI-compatible completions endpoint (audited, loopback by "
        "default)",
        "hullft serve [--model DIR] [--store DIR] [--device auto|cpu|cuda] [--precision auto|fp32|bf16]\n"
        "             [--embedder hf:DIR (the Hugging Face folder that embedded the store)]\n"
        "             [--host 127.0.0.1] [--port 8080 (0: any free port)] [--api-key-file F (needed off "
        "loopback)]\n"
        "             [--sessions DIR (default: <data>/serve-sessions)] [--session-max-mb 64] [--sign-key KEY]\n"
        "             [--queue 16] [--max-body-kb 1024] [--max-prompts 16] [--max-tokens 512] [--max-n 100] [--max-k 2000]\n"
        "  POST /v1/completions (OpenAI fields plus an optional \"ttft\" object), GET /v1/models, /health, "
        "/metrics.\n"
        "  Every request is recorded in a session file; SIGTERM answers what is queued, then exits 0.",
        runServe};
    return command;
}

}  // namespace hullft::cli
