#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "model/lora_settings.h"

namespace hullft {

// Which parameters a query adapts (parameter_subset.h says how each family's are placed).
struct TrainableSubset {
    enum class Kind {
        All,               // every parameter (the paper's setting)
        LastBlocks,        // blocks i >= layers - last_blocks, plus the final norm
        BiasAndLayerNorm,  // every ".bias" and every normalisation parameter (BitFit-like)
    };
    Kind kind = Kind::All;
    int last_blocks = 1;  // used by LastBlocks only
};

// What a query adapts: the model's own parameters (the trainable subset), or LoRA adapters over
// frozen base weights.
enum class AdaptMode { Full, Lora };

// When the finetuner hashes the trainable parameters for the audit log. Hashing reads every
// trainable byte (and copies it to the host on CUDA), which for GPT-2 small (500 MB) costs more
// than the step itself; Automatic hashes every step up to `every_step_limit_bytes` of
// trainable parameters and only the last step above it.
enum class ParameterDigestPolicy { Off, LastStep, EveryStep, Automatic };

// Bounds that stop an adaptation and put the base back (circuit_breaker.h). An infinite bound
// disables that check.
struct CircuitBreakerBounds {
    bool stop_on_non_finite = true;  // NaN or infinite loss or gradient
    double max_gradient_norm = 1e3;  // global L2 norm of the step's gradient
    // Nats a computed step's loss may exceed the query's first computed loss by. Sequences
    // differ in difficulty by a nat or two; a diverging model climbs towards ln(vocab) (10.8
    // for GPT-2), so 5 nats stops divergence without tripping on a hard sequence.
    double max_loss_rise = 5.0;
    // Reject the adapted weights when the query's BPB under them exceeds the base BPB by more
    // than this many bits per byte. Needs a query scorer; empty = no post-check.
    std::optional<double> max_bpb_regression;
};

// Per-query finetuning as in the paper's protocol (core/finetune/README.md): one Adam step per
// training-order element, batch size 1, a new optimizer per query.
struct FinetuneSettings {
    double learning_rate = 5e-5;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0.0;
    int64_t max_length = 1024;  // sequences are truncated to min(max_length, contextLength())
    int refresh_interval = 2;   // gradient reuse r; 1 = standard finetuning
    TrainableSubset trainable;  // Full only
    AdaptMode adapt = AdaptMode::Full;
    LoraSettings lora;          // Lora only
    CircuitBreakerBounds breaker;
    ParameterDigestPolicy digest = ParameterDigestPolicy::Automatic;
    // On CUDA (LibTorch 2.x), replay each sequence length's computed step from a CUDA graph
    // (gradient_graphs.h); the arithmetic is the eager step's.
    bool cuda_graphs = true;
    int64_t every_step_limit_bytes = int64_t{64} << 20;  // Automatic's threshold
};

inline constexpr int64_t kMaxLoraRank = 4096;

// InputError ("finetune settings": field and value) when a setting is out of range.
void validateFinetuneSettings(const FinetuneSettings& settings);

}  // namespace hullft
