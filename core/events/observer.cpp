#include "events/observer.h"

namespace hullft {

void ObserverList::add(PipelineObserver* observer) {
    if (observer) observers_.push_back(observer);
}

#define HULLFT_FORWARD(Event, method, ...)                                   \
    void ObserverList::method(const Event& event) {                          \
        for (PipelineObserver* observer : observers_) observer->method(event); \
    }
HULLFT_PIPELINE_EVENTS(HULLFT_FORWARD)
#undef HULLFT_FORWARD

}  // namespace hullft
