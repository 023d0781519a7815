#pragma once

#include <vector>

#include "events/events.h"

namespace hullft {

// Receives the pipeline's events, on the thread that runs the pipeline: one method per event
// kind of HULLFT_PIPELINE_EVENTS (onProgress, onQueryStarted, ..., onQueryFinished). Every
// method has an empty default, so an observer overrides only what it shows or records.
class PipelineObserver {
public:
    virtual ~PipelineObserver() = default;
#define HULLFT_OBSERVER_METHOD(Event, method, ...) \
    virtual void method(const Event&) {}
    HULLFT_PIPELINE_EVENTS(HULLFT_OBSERVER_METHOD)
#undef HULLFT_OBSERVER_METHOD
};

// Forwards every event to several observers, in the order they were added.
class ObserverList : public PipelineObserver {
public:
    void add(PipelineObserver* observer);
#define HULLFT_OBSERVER_OVERRIDE(Event, method, ...) \
    void method(const Event& event) override;
    HULLFT_PIPELINE_EVENTS(HULLFT_OBSERVER_OVERRIDE)
#undef HULLFT_OBSERVER_OVERRIDE

private:
    std::vector<PipelineObserver*> observers_;
};

}  // namespace hullft
