#pragma once

#include <chrono>
#include <string>

#include "events/observer.h"

namespace hullft::cli {

// Shows ProgressEvents on stderr: a redrawn bar with ETA on a terminal, otherwise one line
// per stage change and at most one every two seconds (logs stay short).
class ProgressPrinter : public PipelineObserver {
public:
    ProgressPrinter();
    void onProgress(const ProgressEvent& event) override;

private:
    bool terminal_;
    std::string lastStage_;
    std::chrono::steady_clock::time_point lastLine_;
};

}  // namespace hullft::cli
