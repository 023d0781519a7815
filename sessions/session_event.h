#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "pipeline/events.h"
#include "pipeline/observer.h"

namespace hullft::sessions {

// Every pipeline event a session records. Progress events are not recorded: they repeat what
// the step and timing events hold, plus a wall-clock ETA that an audit does not need.
using SessionEvent = std::variant<QueryStartedEvent, CandidatesReadyEvent, FwIterationEvent,
                                  SelectionReadyEvent, FinetuneStepEvent, CircuitBreakerEvent,
                                  EvaluationEvent, GenerationEvent, StageTimingEvent,
                                  QueryFinishedEvent, EmbeddingProjectionEvent>;

// One record of a session as read back: its place in the chain and the event it holds.
struct SessionRecord {
    int64_t seq = 0;
    std::string query_id;
    SessionEvent event;
};

// The record kind stored with each event type: the `kind` column of the records table.
template <typename Event> struct EventKind;
template <> struct EventKind<QueryStartedEvent> { static constexpr const char* name = "query_started"; };
template <> struct EventKind<CandidatesReadyEvent> { static constexpr const char* name = "candidates_ready"; };
template <> struct EventKind<FwIterationEvent> { static constexpr const char* name = "fw_iteration"; };
template <> struct EventKind<SelectionReadyEvent> { static constexpr const char* name = "selection_ready"; };
template <> struct EventKind<FinetuneStepEvent> { static constexpr const char* name = "finetune_step"; };
template <> struct EventKind<CircuitBreakerEvent> { static constexpr const char* name = "circuit_breaker"; };
template <> struct EventKind<EvaluationEvent> { static constexpr const char* name = "evaluation"; };
template <> struct EventKind<GenerationEvent> { static constexpr const char* name = "generation"; };
template <> struct EventKind<StageTimingEvent> { static constexpr const char* name = "stage_timing"; };
template <> struct EventKind<QueryFinishedEvent> { static constexpr const char* name = "query_finished"; };
template <> struct EventKind<EmbeddingProjectionEvent> { static constexpr const char* name = "embedding_projection"; };

// The kind of the session header, record 1.
inline constexpr const char* kSessionHeaderKind = "session";

const char* kindOf(const SessionEvent& event);

// Calls the observer method that matches the event's type.
void deliver(const SessionEvent& event, PipelineObserver& observer);

}  // namespace hullft::sessions
