#pragma once

// The core event structs as Qt metatypes, so queued signals can carry them between threads.

#include <QMetaType>

#include "pipeline/events.h"

Q_DECLARE_METATYPE(hullft::ProgressEvent)
Q_DECLARE_METATYPE(hullft::QueryStartedEvent)
Q_DECLARE_METATYPE(hullft::CandidatesReadyEvent)
Q_DECLARE_METATYPE(hullft::FwIterationEvent)
Q_DECLARE_METATYPE(hullft::EmbeddingProjectionEvent)
Q_DECLARE_METATYPE(hullft::SelectionReadyEvent)
Q_DECLARE_METATYPE(hullft::FinetuneStepEvent)
Q_DECLARE_METATYPE(hullft::CircuitBreakerEvent)
Q_DECLARE_METATYPE(hullft::EvaluationEvent)
Q_DECLARE_METATYPE(hullft::GenerationEvent)
Q_DECLARE_METATYPE(hullft::StageTimingEvent)
Q_DECLARE_METATYPE(hullft::QueryFinishedEvent)

namespace hullft::ui {

// Registers every event type with the meta-object system; safe to call more than once.
void registerEventMetaTypes();

}  // namespace hullft::ui
