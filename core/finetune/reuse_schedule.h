#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hullft {

// One optimizer step of the gradient-reuse plan.
struct ScheduledStep {
    int64_t sequence_id = 0;
    size_t unique_index = 0;            // position of the sequence among the grouped unique ids
    int repeat = 0;                     // j: how many times this sequence was stepped on before
    bool computed = true;               // j mod r == 0: forward and backward; else reuse the cache
    bool gradient_reused_next = false;  // the next step reuses this step's gradient
};

// Gradient reuse (HullFT step 4): the training order grouped globally, unique ids in order of
// first appearance, each repeated J times in a row; repeat j computes its gradient when
// j mod r == 0 and reuses the cached one otherwise.
struct ReuseSchedule {
    std::vector<int64_t> unique_ids;
    std::vector<int> counts;  // J per unique id
    std::vector<ScheduledStep> steps;

    int64_t forwardBackwardPasses() const;  // sum over unique ids of ceil(J / r)
};

// std::invalid_argument when refresh_interval < 1.
ReuseSchedule planGradientReuse(const std::vector<int64_t>& training_order, int refresh_interval);

}  // namespace hullft
