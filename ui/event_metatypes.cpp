#include "event_metatypes.h"

namespace hullft::ui {

void registerEventMetaTypes() {
    qRegisterMetaType<ProgressEvent>("hullft::ProgressEvent");
    qRegisterMetaType<QueryStartedEvent>("hullft::QueryStartedEvent");
    qRegisterMetaType<CandidatesReadyEvent>("hullft::CandidatesReadyEvent");
    qRegisterMetaType<FwIterationEvent>("hullft::FwIterationEvent");
    qRegisterMetaType<EmbeddingProjectionEvent>("hullft::EmbeddingProjectionEvent");
    qRegisterMetaType<SelectionReadyEvent>("hullft::SelectionReadyEvent");
    qRegisterMetaType<FinetuneStepEvent>("hullft::FinetuneStepEvent");
    qRegisterMetaType<CircuitBreakerEvent>("hullft::CircuitBreakerEvent");
    qRegisterMetaType<EvaluationEvent>("hullft::EvaluationEvent");
    qRegisterMetaType<GenerationEvent>("hullft::GenerationEvent");
    qRegisterMetaType<StageTimingEvent>("hullft::StageTimingEvent");
    qRegisterMetaType<QueryFinishedEvent>("hullft::QueryFinishedEvent");
}

}  // namespace hullft::ui
