#include "finetune/finetune_settings.h"

#include <cmath>
#include <sstream>
#include <string>

#include "common/errors.h"

namespace hullft {
namespace {

void require(bool ok, const std::string& field, double value, const std::string& rule) {
    if (ok) return;
    std::ostringstream problem;
    problem << field << " = " << value << " " << rule;
    throw InputError("finetune settings", problem.str());
}

}  // namespace

void validateFinetuneSettings(const FinetuneSettings& s) {
    require(std::isfinite(s.learning_rate) && s.learning_rate > 0, "learning_rate", s.learning_rate,
            "must be positive");
    require(s.beta1 >= 0 && s.beta1 < 1, "beta1", s.beta1, "must lie in [0, 1)");
    require(s.beta2 >= 0 && s.beta2 < 1, "beta2", s.beta2, "must lie in [0, 1)");
    require(s.eps > 0, "eps", s.eps, "must be positive");
    require(s.weight_decay >= 0, "weight_decay", s.weight_decay, "must not be negative");
    require(s.max_length >= 2, "max_length", static_cast<double>(s.max_length),
            "must be at least 2 (one predicted token)");
    require(s.refresh_interval >= 1, "refresh_interval", s.refresh_interval, "must be at least 1");
    require(s.trainable.kind != TrainableSubset::Kind::LastBlocks || s.trainable.last_blocks >= 1,
            "trainable.last_blocks", s.trainable.last_blocks, "must be at least 1");
    if (s.adapt == AdaptMode::Lora) {
        // Ranks beyond a layer's width stop being low rank and only cost memory.
        require(s.lora.rank >= 1 && s.lora.rank <= kMaxLoraRank, "lora.rank", static_cast<double>(s.lora.rank),
                "must lie in [1, " + std::to_string(kMaxLoraRank) + "]");
        require(std::isfinite(s.lora.alpha) && s.lora.alpha > 0, "lora.alpha", s.lora.alpha, "must be positive");
        if (s.lora.targets.empty()) throw InputError("finetune settings", "lora.targets names no layer");
    }
    require(!std::isnan(s.breaker.max_gradient_norm), "breaker.max_gradient_norm",
            s.breaker.max_gradient_norm, "must be a number");
    require(!std::isnan(s.breaker.max_loss_rise), "breaker.max_loss_rise", s.breaker.max_loss_rise,
            "must be a number");
    if (s.breaker.max_bpb_regression) {
        require(!std::isnan(*s.breaker.max_bpb_regression), "breaker.max_bpb_regression",
                *s.breaker.max_bpb_regression, "must be a number");
    }
}

}  // namespace hullft
