#include "completion_service.h"

#include <ctime>
#include <filesystem>

#include "bench/cuda_allocator_bytes.h"
#include "common/elapsed.h"
#include "common/utf8.h"
#include "events/observer.h"
#include "model/language_model.h"
#include "pipeline/pipeline_settings.h"
#include "serve/completion.h"
#include "tokenizer/tokenizer.h"

namespace hullft::serve {
namespace {

PipelineSettings settingsFor(const CompletionRequest& request) {
    PipelineSettings settings;
    const TtftRequest& ttft = request.ttft;
    settings.method = parseMethod(ttft.method, "ttft.method");
    if (ttft.n) settings.n = *ttft.n;
    if (ttft.k) settings.k = *ttft.k;
    if (ttft.r) settings.finetune.refresh_interval = *ttft.r;
    if (ttft.lr) settings.finetune.learning_rate = *ttft.lr;
    settings.finetune.adapt = ttft.adapt == "lora" ? AdaptMode::Lora : AdaptMode::Full;
    settings.generate_tokens = 0;  // the service continues the prompt itself, with the request's options
    settings.seed = request.seed;
    return settings;
}

CompletionOptions optionsFor(const CompletionRequest& request) {
    CompletionOptions options;
    options.max_tokens = request.max_tokens;
    options.temperature = request.temperature;
    options.top_p = request.top_p;
    options.seed = request.seed;
    options.stop = request.stop;
    options.echo = request.echo;
    options.logprobs = request.logprobs;
    return options;
}

// The prompt as the model reads it: the client's ids (checked against the vocabulary), or the
// text through the tokenizer as the pipeline encodes it. `param` names the prompt in errors.
std::vector<int64_t> promptIds(const Prompt& prompt, const Tokenizer& tokenizer, const LanguageModel& model,
                               const std::string& param) {
    if (prompt.token_ids.empty()) return tokenizer.encodeWithSpecialTokens(prompt.text);
    for (const int64_t id : prompt.token_ids)
        if (id >= model.vocabSize())
            throw ApiError(400, "invalid_request_error", param,
                           "token id " + std::to_string(id) + " is outside the model's vocabulary of " +
                               std::to_string(model.vocabSize()));
    return prompt.token_ids;
}

void checkFits(int64_t promptTokens, int maxTokens, int64_t context, const std::string& param) {
    if (promptTokens < 2)
        throw ApiError(400, "invalid_request_error", param,
                       "the prompt needs at least two tokens (it is the test-time query whose bits per byte are "
                       "scored), got " + std::to_string(promptTokens));
    if (promptTokens + maxTokens > context)
        throw ApiError(400, "invalid_request_error", promptTokens > context ? param : "max_tokens",
                       "the model's context is " + std::to_string(context) + " tokens; the prompt has " +
                           std::to_string(promptTokens) + " and max_tokens asks for " + std::to_string(maxTokens));
}

nlohmann::ordered_json logprobsJson(const CompletionLogprobs& logprobs) {
    nlohmann::ordered_json tokenLogprobs = nlohmann::ordered_json::array(), top = nlohmann::ordered_json::array();
    for (const auto& value : logprobs.token_logprobs) tokenLogprobs.push_back(value ? nlohmann::ordered_json(*value) : nullptr);
    for (const auto& alternatives : logprobs.top_logprobs) {
        if (!alternatives) {
            top.push_back(nullptr);
            continue;
        }
        nlohmann::ordered_json entry = nlohmann::ordered_json::object();
        // Two ids that decode to the same text keep the likelier (listed first).
        for (const auto& [token, logprob] : *alternatives)
            if (!entry.contains(token)) entry[token] = logprob;
        top.push_back(entry);
    }
    return {{"tokens", logprobs.tokens},
            {"token_logprobs", tokenLogprobs},
            {"top_logprobs", top},
            {"text_offset", logprobs.text_offset}};
}

nlohmann::ordered_json ttftJson(const QueryResult& result, const PipelineSettings& settings,
                                const std::string& sessionFile, double completeSeconds) {
    nlohmann::ordered_json support = nlohmann::ordered_json::array();
    for (const SelectedSequence& s : result.selection)
        support.push_back({{"sequence_id", s.point.sequence_id}, {"count", s.point.count}, {"weight", s.point.weight},
                           {"domain", s.domain}, {"source", s.source}});
    nlohmann::ordered_json timings = result.stage_seconds;
    timings["complete"] = completeSeconds;
    timings["total"] = result.total_seconds;
    nlohmann::ordered_json json = {{"query_id", result.query_id},
                                   {"method", methodName(result.method)},
                                   {"n", settings.n},
                                   {"k", settings.k},
                                   {"r", settings.finetune.refresh_interval},
                                   {"lr", settings.finetune.learning_rate},
                                   {"support", support},
                                   {"computed_steps", result.finetune ? result.finetune->computed_steps : 0},
                                   {"reused_steps", result.finetune ? result.finetune->reused_steps : 0},
                                   {"base_bpb", result.evaluation.base_bpb},
                                   {"adapted_bpb", result.evaluation.adapted_bpb},
                                   {"adapted", result.finetune && result.finetune->adapted},
                                   {"circuit_breaker", nullptr},
                                   {"timings_s", timings},
                                   {"audit", {{"session_file", sessionFile}, {"query_id", result.query_id}}}};
    if (result.finetune && result.finetune->circuit_breaker)
        json["circuit_breaker"] = result.finetune->circuit_breaker->reason;
    return json;
}

}  // namespace

CompletionService::CompletionService(LoadedPipeline& loaded, sessions::RotatingSessionLog& audit,
                                     ServiceMetrics& metrics, std::string modelName)
    : loaded_(loaded), audit_(audit), metrics_(metrics), model_name_(std::move(modelName)) {}

CompletionAnswer CompletionService::answer(const CompletionRequest& request, const std::string& requestId,
                                           const CancellationToken& cancel) {
    const PipelineSettings settings = settingsFor(request);
    const CompletionOptions options = optionsFor(request);
    LanguageModel& model = loaded_.model();
    const Tokenizer& tokenizer = loaded_.tokenizer();

    // Every prompt is checked before the first one runs: a bad one refuses the whole request.
    std::vector<std::vector<int64_t>> ids;
    for (size_t i = 0; i < request.prompts.size(); ++i) {
        const std::string param = request.prompts.size() == 1 ? "prompt" : "prompt[" + std::to_string(i) + "]";
        ids.push_back(promptIds(request.prompts[i], tokenizer, model, param));
        checkFits(static_cast<int64_t>(ids.back().size()), request.max_tokens, model.contextLength(), param);
    }

    CompletionAnswer answer;
    nlohmann::ordered_json choices = nlohmann::ordered_json::array(), queries = nlohmann::ordered_json::array();
    int64_t promptTokens = 0, completionTokens = 0;
    for (size_t i = 0; i < request.prompts.size(); ++i) {
        const Prompt& prompt = request.prompts[i];
        const std::string text = prompt.token_ids.empty() ? prompt.text : tokenizer.decode(prompt.token_ids);
        const std::string queryId = request.prompts.size() == 1 ? requestId : requestId + "/" + std::to_string(i);
        sessions::SessionRecorder& recorder = audit_.recorder();
        const std::string sessionFile = std::filesystem::path(audit_.currentPath()).filename().string();
        Completion completion;
        double completeSeconds = 0.0;
        resetCudaAllocatorPeak(loaded_.device());
        const QueryResult result =
            loaded_.pipeline().run(queryId, repairUtf8(text), settings, recorder, cancel, [&](LanguageModel& adapted) {
                const auto start = Clock::now();
                completion = complete(adapted, tokenizer, ids[i], options, cancel);
                completeSeconds = secondsSince(start);
            });
        if (const auto bytes = cudaAllocatorBytes(loaded_.device())) metrics_.notePeakGpuBytes(bytes->peak);
        for (const auto& [stage, seconds] : result.stage_seconds) metrics_.observeStage(stage, seconds);
        metrics_.observeStage("complete", completeSeconds);
        if (result.finetune) {
            metrics_.addGradientSteps(result.finetune->computed_steps, result.finetune->reused_steps);
            if (result.finetune->circuit_breaker) {
                metrics_.countBreakerTrip();
                answer.breaker_tripped = true;
            }
        }
        choices.push_back({{"index", i},
                           {"text", completion.text},
                           {"logprobs", completion.logprobs ? logprobsJson(*completion.logprobs) : nullptr},
                           {"finish_reason", completion.finish_reason}});
        queries.push_back(ttftJson(result, settings, sessionFile, completeSeconds));
        promptTokens += completion.prompt_tokens;
        completionTokens += completion.completion_tokens;
    }
    answer.body = {{"id", "cmpl-" + requestId},
                   {"object", "text_completion"},
                   {"created", static_cast<int64_t>(std::time(nullptr))},
                   {"model", model_name_},
                   {"choices", choices},
                   {"usage",
                    {{"prompt_tokens", promptTokens},
                     {"completion_tokens", completionTokens},
                     {"total_tokens", promptTokens + completionTokens}}},
                   {"ttft", {{"request_id", requestId}, {"queries", queries}}}};
    return answer;
}

}  // namespace hullft::serve
