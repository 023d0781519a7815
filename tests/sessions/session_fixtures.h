#pragma once

// Realistic recorded queries for the session tests: what the pipeline reports for one HullFT
// query (K candidates, a Frank-Wolfe trace, a support with integer counts, N finetune steps
// with gradient reuse, a circuit breaker, an evaluation, a generation, timings).

#include <string>
#include <vector>

#include "events/pipeline_event.h"
#include "session_info.h"
#include "session_recorder.h"

namespace hullft::sessions::testing {

struct QueryOptions {
    std::string query_id = "q-0001";
    std::string text = "How does Frank-Wolfe pick a sparse support?";
    unsigned seed = 1;
    bool nan_loss_at_breaker = false;  // the breaker fires on a non-finite loss
};

std::vector<PipelineEvent> realisticQuery(const QueryOptions& options);
SessionInfo sampleInfo();

// Records the header and then `events` into a new session file at `path`.
void recordSession(const std::string& path, const std::vector<PipelineEvent>& events, RecorderOptions options = {});

// Field-for-field equality (NaN equals NaN): what a faithful round trip must give.
bool sameEvent(const PipelineEvent& a, const PipelineEvent& b);

}  // namespace hullft::sessions::testing
