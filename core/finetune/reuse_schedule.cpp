#include "finetune/reuse_schedule.h"

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace hullft {

int64_t ReuseSchedule::forwardBackwardPasses() const {
    int64_t passes = 0;
    for (const ScheduledStep& step : steps) passes += step.computed ? 1 : 0;
    return passes;
}

ReuseSchedule planGradientReuse(const std::vector<int64_t>& training_order, int refresh_interval) {
    if (refresh_interval < 1) {
        throw std::invalid_argument("gradient reuse: refresh interval " + std::to_string(refresh_interval) +
                                    " must be at least 1");
    }
    ReuseSchedule schedule;
    std::unordered_map<int64_t, size_t> uniqueIndex;
    for (const int64_t id : training_order) {
        const auto [it, inserted] = uniqueIndex.emplace(id, schedule.unique_ids.size());
        if (inserted) {
            schedule.unique_ids.push_back(id);
            schedule.counts.push_back(0);
        }
        ++schedule.counts[it->second];
    }
    for (size_t u = 0; u < schedule.unique_ids.size(); ++u) {
        const int count = schedule.counts[u];
        for (int j = 0; j < count; ++j) {
            ScheduledStep step;
            step.sequence_id = schedule.unique_ids[u];
            step.unique_index = u;
            step.repeat = j;
            step.computed = j % refresh_interval == 0;
            step.gradient_reused_next = j + 1 < count && (j + 1) % refresh_interval != 0;
            schedule.steps.push_back(step);
        }
    }
    return schedule;
}

}  // namespace hullft
