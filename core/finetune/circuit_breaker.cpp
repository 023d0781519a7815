#include "finetune/circuit_breaker.h"

#include <cmath>
#include <sstream>

namespace hullft {
namespace {

std::string format(double value) {
    std::ostringstream text;
    text.precision(5);
    text << value;
    return text.str();
}

}  // namespace

CircuitBreaker::CircuitBreaker(const CircuitBreakerBounds& bounds) : bounds_(bounds) {}

std::optional<std::string> CircuitBreaker::checkStep(const std::optional<double>& loss,
                                                     double gradient_norm) {
    if (bounds_.stop_on_non_finite && loss && !std::isfinite(*loss))
        return "non-finite loss " + format(*loss);
    if (bounds_.stop_on_non_finite && !std::isfinite(gradient_norm)) {
        return "non-finite gradient (norm " + format(gradient_norm) + ")";
    }
    if (gradient_norm > bounds_.max_gradient_norm) {
        return "gradient norm " + format(gradient_norm) + " above bound " + format(bounds_.max_gradient_norm);
    }
    if (!loss) return std::nullopt;
    if (!first_loss_) first_loss_ = *loss;
    if (*loss - *first_loss_ > bounds_.max_loss_rise) {
        return "loss " + format(*loss) + " climbed " + format(*loss - *first_loss_) +
               " nats above the first loss " + format(*first_loss_) + " (bound " +
               format(bounds_.max_loss_rise) + ")";
    }
    return std::nullopt;
}

std::optional<std::string> CircuitBreaker::checkQueryBpb(double base_bpb, double adapted_bpb) const {
    if (!bounds_.max_bpb_regression) return std::nullopt;
    const double regression = adapted_bpb - base_bpb;
    if (std::isfinite(adapted_bpb) && regression <= *bounds_.max_bpb_regression) return std::nullopt;
    return "adapted query BPB " + format(adapted_bpb) + " is " + format(regression) +
           " worse than the base " + format(base_bpb) + " (bound " + format(*bounds_.max_bpb_regression) +
           "); answering from the base";
}

}  // namespace hullft
