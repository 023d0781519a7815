#pragma once

#include <QObject>
#include <QString>

#include "event_metatypes.h"
#include "pipeline/observer.h"

namespace hullft::ui {

// Turns the pipeline's observer callbacks (made on the worker thread) into one typed Qt signal
// per event kind. Connect receivers with Qt::QueuedConnection: the events then reach the GUI
// thread in the order the pipeline reported them, whichever thread drives the bridge.
class QueuedEventBridge : public QObject, public PipelineObserver {
    Q_OBJECT
public:
    explicit QueuedEventBridge(QObject* parent = nullptr);

    void onProgress(const ProgressEvent& event) override;
    void onQueryStarted(const QueryStartedEvent& event) override;
    void onCandidatesReady(const CandidatesReadyEvent& event) override;
    void onFwIteration(const FwIterationEvent& event) override;
    void onSelectionReady(const SelectionReadyEvent& event) override;
    void onEmbeddingProjection(const EmbeddingProjectionEvent& event) override;
    void onFinetuneStep(const FinetuneStepEvent& event) override;
    void onCircuitBreaker(const CircuitBreakerEvent& event) override;
    void onEvaluation(const EvaluationEvent& event) override;
    void onGeneration(const GenerationEvent& event) override;
    void onStageTiming(const StageTimingEvent& event) override;
    void onQueryFinished(const QueryFinishedEvent& event) override;

signals:
    void progress(const hullft::ProgressEvent& event);
    void queryStarted(const hullft::QueryStartedEvent& event);
    void candidatesReady(const hullft::CandidatesReadyEvent& event);
    void fwIterationDone(const hullft::FwIterationEvent& event);
    void selectionReady(const hullft::SelectionReadyEvent& event);
    void embeddingProjectionReady(const hullft::EmbeddingProjectionEvent& event);
    void stepDone(const hullft::FinetuneStepEvent& event);
    void circuitBreakerTripped(const hullft::CircuitBreakerEvent& event);
    void evaluationReady(const hullft::EvaluationEvent& event);
    void generationReady(const hullft::GenerationEvent& event);
    void stageTimed(const hullft::StageTimingEvent& event);
    void queryFinished(const hullft::QueryFinishedEvent& event);
    // A query that ended with an error (QueryFinishedEvent::error), after queryFinished.
    void failed(const QString& message);
};

}  // namespace hullft::ui
