#include "session_event.h"

namespace hullft::sessions {

const char* kindOf(const SessionEvent& event) {
    return std::visit([](const auto& e) { return EventKind<std::decay_t<decltype(e)>>::name; }, event);
}

namespace {

struct Deliverer {
    PipelineObserver& observer;
    void operator()(const QueryStartedEvent& e) const { observer.onQueryStarted(e); }
    void operator()(const CandidatesReadyEvent& e) const { observer.onCandidatesReady(e); }
    void operator()(const FwIterationEvent& e) const { observer.onFwIteration(e); }
    void operator()(const SelectionReadyEvent& e) const { observer.onSelectionReady(e); }
    void operator()(const FinetuneStepEvent& e) const { observer.onFinetuneStep(e); }
    void operator()(const CircuitBreakerEvent& e) const { observer.onCircuitBreaker(e); }
    void operator()(const EvaluationEvent& e) const { observer.onEvaluation(e); }
    void operator()(const GenerationEvent& e) const { observer.onGeneration(e); }
    void operator()(const StageTimingEvent& e) const { observer.onStageTiming(e); }
    void operator()(const QueryFinishedEvent& e) const { observer.onQueryFinished(e); }
    void operator()(const EmbeddingProjectionEvent& e) const { observer.onEmbeddingProjection(e); }
};

}  // namespace

void deliver(const SessionEvent& event, PipelineObserver& observer) { std::visit(Deliverer{observer}, event); }

}  // namespace hullft::sessions
