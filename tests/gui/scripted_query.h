#pragma once

// A test fixture standing in for the pipeline: plays a realistic, scripted sequence of events
// for one query (started, progress, 200 candidates with their projection, Frank-Wolfe
// iterations, a selection with support and counts, finetune steps with computed and reused
// gradients, optionally a circuit breaker, evaluation with per-token losses, generation, stage
// timings, finished) through the observer, sleeping a little between events and checking the
// cancellation token between them, as the real pipeline does.

#include <functional>
#include <string>
#include <vector>

#include "events/observer.h"
#include "query_worker.h"

namespace hullft::testing {

struct ScriptOptions {
    std::string method = "hullft";  // base | knn | sift | hullft | hullft-noreuse | fw-pad
    std::string text;               // empty: a built-in paragraph with some non-ASCII characters
    int n = 20;
    int k = 200;
    int refresh_interval = 2;
    int fw_iterations = 10;
    int circuit_breaker_step = -1;  // >= 0: trip the breaker there and stop finetuning
    int event_delay_ms = 2;
};

class ScriptedQuery {
public:
    explicit ScriptedQuery(ScriptOptions options);

    // Plays the script; on cancellation reports QueryFinished{cancelled} and throws CancelledError.
    ui::QueryJob job() const;
    // Plays the whole script at once on the calling thread.
    void playAll(PipelineObserver& observer) const;

    const ScriptOptions& options() const { return options_; }
    int eventCount() const { return static_cast<int>(events_.size()); }
    int supportSize() const { return support_size_; }
    int fwIterations() const { return fw_iterations_; }
    int computedSteps() const { return computed_steps_; }
    int reusedSteps() const { return reused_steps_; }
    int candidateCount() const { return options_.method == "base" ? 0 : options_.k; }

private:
    void scriptSelection();
    void scriptFinetuning(const SelectionReadyEvent& selection);
    void scriptEvaluation(bool rejected);
    void add(std::function<void(PipelineObserver&)> event) { events_.push_back(std::move(event)); }

    ScriptOptions options_;
    std::vector<std::function<void(PipelineObserver&)>> events_;
    int support_size_ = 0;
    int fw_iterations_ = 0;
    int computed_steps_ = 0;
    int reused_steps_ = 0;
};

// The built-in query paragraph (UTF-8, with a few multi-byte characters).
const std::string& defaultQueryText();

}  // namespace hullft::testing
