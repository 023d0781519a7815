#pragma once

#include <optional>
#include <vector>

#include "events/observer.h"

namespace hullft::sessions {

// Everything one query recorded, gathered by replaying it: what the HTML export and the
// `show` summary render.
struct QueryReport : PipelineObserver {
    std::optional<QueryStartedEvent> started;
    std::optional<CandidatesReadyEvent> candidates;
    std::vector<FwIterationEvent> fw_iterations;
    std::optional<SelectionReadyEvent> selection;
    std::vector<FinetuneStepEvent> steps;
    std::vector<CircuitBreakerEvent> circuit_breaker;
    std::optional<EvaluationEvent> evaluation;
    std::optional<GenerationEvent> generation;
    std::vector<StageTimingEvent> timings;
    std::optional<QueryFinishedEvent> finished;

    void onQueryStarted(const QueryStartedEvent& e) override { started = e; }
    void onCandidatesReady(const CandidatesReadyEvent& e) override { candidates = e; }
    void onFwIteration(const FwIterationEvent& e) override { fw_iterations.push_back(e); }
    void onSelectionReady(const SelectionReadyEvent& e) override { selection = e; }
    void onFinetuneStep(const FinetuneStepEvent& e) override { steps.push_back(e); }
    void onCircuitBreaker(const CircuitBreakerEvent& e) override { circuit_breaker.push_back(e); }
    void onEvaluation(const EvaluationEvent& e) override { evaluation = e; }
    void onGeneration(const GenerationEvent& e) override { generation = e; }
    void onStageTiming(const StageTimingEvent& e) override { timings.push_back(e); }
    void onQueryFinished(const QueryFinishedEvent& e) override { finished = e; }
};

}  // namespace hullft::sessions
