#include "events/pipeline_event.h"

namespace hullft {

const char* kindOf(const PipelineEvent& event) {
    return std::visit([](const auto& e) { return EventTraits<std::decay_t<decltype(e)>>::kind; }, event);
}

bool isRecorded(const PipelineEvent& event) {
    return std::visit(
        [](const auto& e) {
            return EventTraits<std::decay_t<decltype(e)>>::recording_rule == EventRecording::Recorded;
        },
        event);
}

namespace {

#define HULLFT_NOTIFY(Event, method, ...) \
    void notify(PipelineObserver& observer, const Event& event) { observer.method(event); }
HULLFT_PIPELINE_EVENTS(HULLFT_NOTIFY)
#undef HULLFT_NOTIFY

}  // namespace

void deliver(const PipelineEvent& event, PipelineObserver& observer) {
    std::visit([&observer](const auto& e) { notify(observer, e); }, event);
}

}  // namespace hullft
