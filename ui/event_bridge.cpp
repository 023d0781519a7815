#include "event_bridge.h"

namespace hullft::ui {

QueuedEventBridge::QueuedEventBridge(QObject* parent) : QObject(parent) { registerEventMetaTypes(); }

void QueuedEventBridge::onProgress(const ProgressEvent& event) { emit progress(event); }
void QueuedEventBridge::onQueryStarted(const QueryStartedEvent& event) { emit queryStarted(event); }
void QueuedEventBridge::onCandidatesReady(const CandidatesReadyEvent& event) { emit candidatesReady(event); }
void QueuedEventBridge::onFwIteration(const FwIterationEvent& event) { emit fwIterationDone(event); }
void QueuedEventBridge::onSelectionReady(const SelectionReadyEvent& event) { emit selectionReady(event); }
void QueuedEventBridge::onEmbeddingProjection(const EmbeddingProjectionEvent& event) {
    emit embeddingProjectionReady(event);
}
void QueuedEventBridge::onFinetuneStep(const FinetuneStepEvent& event) { emit stepDone(event); }
void QueuedEventBridge::onCircuitBreaker(const CircuitBreakerEvent& event) {
    emit circuitBreakerTripped(event);
}
void QueuedEventBridge::onEvaluation(const EvaluationEvent& event) { emit evaluationReady(event); }
void QueuedEventBridge::onGeneration(const GenerationEvent& event) { emit generationReady(event); }
void QueuedEventBridge::onStageTiming(const StageTimingEvent& event) { emit stageTimed(event); }

void QueuedEventBridge::onQueryFinished(const QueryFinishedEvent& event) {
    emit queryFinished(event);
    if (!event.error.empty()) emit failed(QString::fromStdString(event.error));
}

}  // namespace hullft::ui
