#include "pipeline/observer.h"

namespace hullft {

void ObserverList::add(PipelineObserver* observer) {
    if (observer) observers_.push_back(observer);
}

#define HULLFT_FORWARD(method, Event)                          \
    void ObserverList::method(const Event& e) {                \
        for (PipelineObserver* observer : observers_) observer->method(e); \
    }

HULLFT_FORWARD(onProgress, ProgressEvent)
HULLFT_FORWARD(onQueryStarted, QueryStartedEvent)
HULLFT_FORWARD(onCandidatesReady, CandidatesReadyEvent)
HULLFT_FORWARD(onFwIteration, FwIterationEvent)
HULLFT_FORWARD(onSelectionReady, SelectionReadyEvent)
HULLFT_FORWARD(onEmbeddingProjection, EmbeddingProjectionEvent)
HULLFT_FORWARD(onFinetuneStep, FinetuneStepEvent)
HULLFT_FORWARD(onCircuitBreaker, CircuitBreakerEvent)
HULLFT_FORWARD(onEvaluation, EvaluationEvent)
HULLFT_FORWARD(onGeneration, GenerationEvent)
HULLFT_FORWARD(onStageTiming, StageTimingEvent)
HULLFT_FORWARD(onQueryFinished, QueryFinishedEvent)

#undef HULLFT_FORWARD

}  // namespace hullft
