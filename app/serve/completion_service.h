#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/cancellation.h"
#include "pipeline/loaded_pipeline.h"
#include "rotating_session_log.h"
#include "serve/completion_request.h"
#include "serve/service_metrics.h"

namespace hullft::serve {

// What a completion request turned into, for the HTTP layer.
struct CompletionAnswer {
    nlohmann::ordered_json body;  // OpenAI's completion object plus the "ttft" block
    bool breaker_tripped = false;  // some prompt was answered by the base model after a breaker trip
};

// Runs completion requests on the worker thread: each prompt is one test-time finetuning query
// (retrieve, select, adapt, score) recorded in the audit log, completed while the adapted
// weights are in place, then the base is restored. Not thread-safe: the request queue's one
// worker calls it.
class CompletionService {
public:
    CompletionService(LoadedPipeline& loaded, sessions::RotatingSessionLog& audit, ServiceMetrics& metrics,
                      std::string modelName);

    // ApiError(400) for a prompt the model cannot take (ids outside the vocabulary, too few or
    // too many tokens for its context); CancelledError when `cancel` fires; any other error is
    // the service's.
    CompletionAnswer answer(const CompletionRequest& request, const std::string& requestId,
                            const CancellationToken& cancel);

    const std::string& modelName() const { return model_name_; }

private:
    LoadedPipeline& loaded_;
    sessions::RotatingSessionLog& audit_;
    ServiceMetrics& metrics_;
    const std::string model_name_;
};

}  // namespace hullft::serve
