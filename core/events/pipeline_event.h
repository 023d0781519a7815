#pragma once

#include <variant>

#include "events/observer.h"

namespace hullft {

namespace detail {
template <typename Ignored, typename... Events>
struct VariantOfRest {
    using type = std::variant<Events...>;
};
}  // namespace detail

// Any one pipeline event, as a value: what the GUI bridge queues between threads and what a
// session record holds. The list expands to ", ProgressEvent, QueryStartedEvent, ..."; the
// leading void takes the first comma.
#define HULLFT_EVENT_TYPE_AFTER_COMMA(Event, ...) , Event
using PipelineEvent = detail::VariantOfRest<void HULLFT_PIPELINE_EVENTS(HULLFT_EVENT_TYPE_AFTER_COMMA)>::type;
#undef HULLFT_EVENT_TYPE_AFTER_COMMA

// The event's session record kind ("fw_iteration", ...).
const char* kindOf(const PipelineEvent& event);
// Whether sessions record events of this kind.
bool isRecorded(const PipelineEvent& event);

// Calls the observer method that matches the event's kind.
void deliver(const PipelineEvent& event, PipelineObserver& observer);

// An observer that takes every event through one function, as a PipelineEvent: for observers
// that treat all kinds alike (the session recorder, the GUI bridge).
class AnyEventObserver : public PipelineObserver {
public:
#define HULLFT_ANY_EVENT_OVERRIDE(Event, method, ...) \
    void method(const Event& event) final { onAnyEvent(PipelineEvent(event)); }
    HULLFT_PIPELINE_EVENTS(HULLFT_ANY_EVENT_OVERRIDE)
#undef HULLFT_ANY_EVENT_OVERRIDE

protected:
    virtual void onAnyEvent(const PipelineEvent& event) = 0;
};

}  // namespace hullft
