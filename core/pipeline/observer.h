#pragma once

#include <vector>

#include "pipeline/events.h"

namespace hullft {

// Receives the pipeline's events, on the thread that runs the pipeline. Every method has an
// empty default so an observer overrides only what it shows or records.
class PipelineObserver {
public:
    virtual ~PipelineObserver() = default;
    virtual void onProgress(const ProgressEvent&) {}
    virtual void onQueryStarted(const QueryStartedEvent&) {}
    virtual void onCandidatesReady(const CandidatesReadyEvent&) {}
    virtual void onFwIteration(const FwIterationEvent&) {}
    virtual void onSelectionReady(const SelectionReadyEvent&) {}
    virtual void onEmbeddingProjection(const EmbeddingProjectionEvent&) {}
    virtual void onFinetuneStep(const FinetuneStepEvent&) {}
    virtual void onCircuitBreaker(const CircuitBreakerEvent&) {}
    virtual void onEvaluation(const EvaluationEvent&) {}
    virtual void onGeneration(const GenerationEvent&) {}
    virtual void onStageTiming(const StageTimingEvent&) {}
    virtual void onQueryFinished(const QueryFinishedEvent&) {}
};

// Forwards every event to several observers, in the order they were added.
class ObserverList : public PipelineObserver {
public:
    void add(PipelineObserver* observer);
    void onProgress(const ProgressEvent& e) override;
    void onQueryStarted(const QueryStartedEvent& e) override;
    void onCandidatesReady(const CandidatesReadyEvent& e) override;
    void onFwIteration(const FwIterationEvent& e) override;
    void onSelectionReady(const SelectionReadyEvent& e) override;
    void onEmbeddingProjection(const EmbeddingProjectionEvent& e) override;
    void onFinetuneStep(const FinetuneStepEvent& e) override;
    void onCircuitBreaker(const CircuitBreakerEvent& e) override;
    void onEvaluation(const EvaluationEvent& e) override;
    void onGeneration(const GenerationEvent& e) override;
    void onStageTiming(const StageTimingEvent& e) override;
    void onQueryFinished(const QueryFinishedEvent& e) override;

private:
    std::vector<PipelineObserver*> observers_;
};

}  // namespace hullft
