#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "events/observer.h"

namespace hullft {

// Sends ProgressEvents for one long stage with elapsed time and an ETA extrapolated from the
// rate so far; at most a few events per second, plus the final one.
class ProgressMeter {
public:
    ProgressMeter(PipelineObserver* observer, std::string stage, int64_t total);

    // `done` counts units of work since the stage started; `alreadyDone` units were done
    // before (a resumed build) and do not count towards the rate.
    void report(int64_t done, bool force = false);
    void setAlreadyDone(int64_t alreadyDone) { alreadyDone_ = alreadyDone; }
    void finish() { report(total_, true); }

private:
    PipelineObserver* observer_;
    std::string stage_;
    int64_t total_;
    int64_t alreadyDone_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastReport_;
};

}  // namespace hullft
