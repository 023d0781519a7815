#include "events/progress_meter.h"

namespace hullft {

ProgressMeter::ProgressMeter(PipelineObserver* observer, std::string stage, int64_t total)
    : observer_(observer), stage_(std::move(stage)), total_(total), start_(std::chrono::steady_clock::now()),
      lastReport_(start_ - std::chrono::seconds(1)) {}

void ProgressMeter::report(int64_t done, bool force) {
    if (!observer_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - lastReport_ < std::chrono::milliseconds(200)) return;
    lastReport_ = now;
    ProgressEvent event;
    event.stage = stage_;
    event.done = done;
    event.total = total_;
    event.elapsed_seconds = std::chrono::duration<double>(now - start_).count();
    const int64_t doneHere = done - alreadyDone_;
    if (total_ > 0 && doneHere > 0 && event.elapsed_seconds > 0)
        event.eta_seconds = event.elapsed_seconds * static_cast<double>(total_ - done) / static_cast<double>(doneHere);
    observer_->onProgress(event);
}

}  // namespace hullft
