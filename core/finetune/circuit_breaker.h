#pragma once

#include <optional>
#include <string>

#include "finetune/finetune_settings.h"

namespace hullft {

// Decides when an adaptation must stop (before a step's update is applied) or be rejected
// (after finetuning, by the query's BPB). It only judges; the finetuner restores the base and
// reports the returned reason as a CircuitBreakerEvent.
class CircuitBreaker {
public:
    explicit CircuitBreaker(const CircuitBreakerBounds& bounds);

    // `loss` is empty on reused steps (not recomputed). The first computed loss of the query
    // is the reference for the loss-rise bound. Returns the reason to stop, if any.
    std::optional<std::string> checkStep(const std::optional<double>& loss, double gradient_norm);

    // Returns the reason to reject the adapted weights, if any (needs max_bpb_regression).
    std::optional<std::string> checkQueryBpb(double base_bpb, double adapted_bpb) const;

private:
    CircuitBreakerBounds bounds_;
    std::optional<double> first_loss_;
};

}  // namespace hullft
