#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "finetune/finetune_settings.h"
#include "finetune/gradient_graphs.h"
#include "finetune/parameter_subset.h"
#include "finetune/weight_snapshot.h"
#include "events/events.h"
#include "model/lora_adapters.h"

namespace hullft {

class CancellationToken;
class LanguageModel;
class PipelineObserver;

// One element of the training order: a datastore sequence and its token ids. Repeats of a
// sequence in the order carry the same id (and the same ids, checked).
struct TrainingSequence {
    int64_t sequence_id = 0;
    std::vector<int64_t> token_ids;
};

// Scores the query in bits per byte under the model's current weights (the evaluator's job).
using QueryBpbScorer = std::function<double(LanguageModel&)>;

// What a query's adaptation reports besides the weights and its events.
struct FinetuneHooks {
    PipelineObserver* observer = nullptr;
    const CancellationToken* cancellation = nullptr;
    QueryBpbScorer query_bpb;  // required by settings.breaker.max_bpb_regression
};

struct FinetuneResult {
    int total_steps = 0;     // length of the training order
    int steps = 0;           // optimizer steps taken
    int computed_steps = 0;  // forward-backward passes
    int reused_steps = 0;
    std::vector<double> losses;  // one per computed step, in order
    std::optional<double> final_loss;
    double seconds = 0.0;
    double seconds_saved = 0.0;
    // Memory of the gradient buffers: the most bytes of trainable-tensor gradients alive after a
    // computed step, and the most the gradient cache held for reuse (the same tensors, kept).
    int64_t gradient_bytes = 0;
    int64_t peak_cache_bytes = 0;
    // Set when the circuit breaker stopped the adaptation or rejected it by BPB.
    std::optional<CircuitBreakerEvent> circuit_breaker;
    std::optional<double> base_bpb;  // set when the BPB post-check ran
    std::optional<double> adapted_bpb;
    bool adapted = false;  // true: the model now holds the adapted weights; false: the base
};

// Test-time finetuning of one model, query after query (HullFT step 4 and the per-query
// protocol of core/finetune/README.md). The first full finetuning takes the one copy of the
// base weights (LoRA adapts new adapter tensors and never writes them, so it needs none); each
// adapt() starts from the base, takes one Adam step per training-order element with a new
// optimizer, with gradient reuse every refresh_interval, and leaves the adapted model for the
// evaluator; restoreBase() then puts the base back (drops the adapters, copies the weights). On a circuit-breaker stop or a BPB
// rejection the base is restored before adapt() returns. On cancellation (checked before
// every step) or any exception the base is restored and the exception (CancelledError for
// cancellation) propagates.
class Finetuner {
public:
    explicit Finetuner(LanguageModel& model);

    FinetuneResult adapt(const std::vector<TrainingSequence>& training_order,
                         const FinetuneSettings& settings, const FinetuneHooks& hooks = {});

    // Drops the query's LoRA adapters, if any, and copies the base weights back.
    void restoreBase();
    // The adapters of the last LoRA query while its adapted model is in place; null otherwise.
    const LoraAdapters* adapters() const { return adapters_.get(); }
    LanguageModel& model() { return model_; }
    // The CUDA graphs of computed steps, kept across queries; null until a query used them.
    const GradientGraphs* graphs() const { return graphs_.get(); }

private:
    // The query's trainable tensors (the model's own, or new LoRA adapters attached to it);
    // reports them as an AdaptationEvent.
    ParameterSubset prepareTrainable(const FinetuneSettings& settings, const FinetuneHooks& hooks);

    LanguageModel& model_;
    std::optional<WeightSnapshot> base_;  // taken before the first full finetuning
    std::unique_ptr<LoraAdapters> adapters_;
    std::unique_ptr<GradientGraphs> graphs_;
};

}  // namespace hullft
