#include "finetune/finetuner.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_map>

#include "common/cancellation.h"
#include "common/elapsed.h"
#include "common/errors.h"
#include "finetune/adam_optimizer.h"
#include "finetune/circuit_breaker.h"
#include "finetune/gradient_cache.h"
#include "finetune/parameter_digest.h"
#include "finetune/parameter_subset.h"
#include "finetune/reuse_schedule.h"
#include "model/language_model.h"
#include "events/observer.h"

namespace hullft {
namespace {

// Checks one training sequence and returns its ids truncated to `maxLength`, on the device.
torch::Tensor sequenceTensor(const TrainingSequence& sequence, int64_t maxLength, LanguageModel& model) {
    const std::string source = "training sequence " + std::to_string(sequence.sequence_id);
    const int64_t length = std::min<int64_t>(static_cast<int64_t>(sequence.token_ids.size()), maxLength);
    if (length < 2) {
        throw InputError(source, "has length " + std::to_string(sequence.token_ids.size()) +
                                     "; finetuning needs at least 2 tokens (one predicted token)");
    }
    for (int64_t t = 0; t < length; ++t) {
        const int64_t id = sequence.token_ids[t];
        if (id < 0 || id >= model.vocabSize()) {
            throw InputError(source, "token id " + std::to_string(id) + " at position " + std::to_string(t) +
                                         " is outside the vocabulary [0, " +
                                         std::to_string(model.vocabSize()) + ")");
        }
    }
    const std::vector<int64_t> kept(sequence.token_ids.begin(), sequence.token_ids.begin() + length);
    return torch::tensor(kept, torch::kInt64).to(model.device());
}

// One tensor per unique sequence of the schedule, validated before any weight changes.
std::vector<torch::Tensor> uniqueSequenceTensors(const std::vector<TrainingSequence>& trainingOrder,
                                                 const ReuseSchedule& schedule,
                                                 const FinetuneSettings& settings, LanguageModel& model) {
    std::unordered_map<int64_t, const TrainingSequence*> firstSeen;
    for (const TrainingSequence& sequence : trainingOrder) {
        const auto [it, inserted] = firstSeen.emplace(sequence.sequence_id, &sequence);
        if (!inserted && it->second->token_ids != sequence.token_ids) {
            throw InputError("training sequence " + std::to_string(sequence.sequence_id),
                             "repeats in the training order with different token ids");
        }
    }
    const int64_t maxLength = std::min(settings.max_length, model.contextLength());
    std::vector<torch::Tensor> tensors;
    for (const int64_t id : schedule.unique_ids)
        tensors.push_back(sequenceTensor(*firstSeen.at(id), maxLength, model));
    return tensors;
}

// The state of one query's adaptation: trainable subset, its optimizer, the gradient cache,
// the step measurements and the running cache statistics.
class AdaptationRun {
public:
    AdaptationRun(LanguageModel& model, const FinetuneSettings& settings, const FinetuneHooks& hooks,
                  const ReuseSchedule& schedule, const std::vector<torch::Tensor>& sequences, ParameterSubset trainable,
                  GradientGraphs* graphs)
        : model_(model),
          settings_(settings),
          hooks_(hooks),
          schedule_(schedule),
          sequences_(sequences),
          trainable_(std::move(trainable)),
          scope_(model, trainable_),
          optimizer_(trainable_, settings),
          cache_(trainable_),
          breaker_(settings.breaker) {
        const bool small = trainable_.bytes() <= settings.every_step_limit_bytes;
        digest_every_step_ = settings.digest == ParameterDigestPolicy::EveryStep ||
                             (settings.digest == ParameterDigestPolicy::Automatic && small);
        digest_last_step_ = settings.digest != ParameterDigestPolicy::Off;
        if (graphs) graph_session_.emplace(*graphs, trainable_);
    }

    ~AdaptationRun() { clearGradients(); }

    // Runs the schedule; stops early with the breaker's reason in result.circuit_breaker.
    void run(FinetuneResult& result) {
        for (size_t index = 0; index < schedule_.steps.size(); ++index) {
            if (hooks_.cancellation) hooks_.cancellation->throwIfCancelled();
            if (!runStep(static_cast<int>(index), result)) return;
        }
    }

private:
    struct Gradient {
        std::optional<double> loss;
        double norm = 0.0;
    };

    // Gradient reuse: j mod r == 0 computes (and caches if a reuse follows), else reuses.
    Gradient gradientFor(const ScheduledStep& step) {
        if (!step.computed) return {std::nullopt, cache_.reuse()};
        cache_.release();
        const torch::Tensor& ids = sequences_[step.unique_index];
        ComputedGradient computed;
        if (graph_session_) {
            computed = graph_session_->compute(ids);
        } else {
            clearGradients();
            computed = eagerGradient(model_, ids, trainable_);
        }
        // Loss and norm in one read from the device.
        const torch::Tensor values = torch::stack({computed.loss.to(torch::kFloat64), computed.gradient_norm}).to(torch::kCPU);
        Gradient gradient{values[0].item<double>(), values[1].item<double>()};
        if (step.gradient_reused_next) cache_.hold(gradient.norm);
        return gradient;
    }

    // One optimizer step; false when the circuit breaker stopped the adaptation.
    bool runStep(int index, FinetuneResult& result) {
        const auto start = Clock::now();
        const ScheduledStep& step = schedule_.steps[index];
        const Gradient gradient = gradientFor(step);
        if (const auto reason = breaker_.checkStep(gradient.loss, gradient.norm)) {
            result.circuit_breaker = CircuitBreakerEvent{index, *reason, true};
            return false;
        }
        const double updateNorm = optimizer_.step().item<double>();
        if (!step.gradient_reused_next) cache_.release();

        FinetuneStepEvent event;
        event.step = index;
        event.total_steps = static_cast<int>(schedule_.steps.size());
        event.sequence_id = step.sequence_id;
        event.computed = step.computed;
        event.loss = gradient.loss;
        event.gradient_norm = gradient.norm;
        event.update_norm = updateNorm;
        event.learning_rate = settings_.learning_rate;
        const bool last = index + 1 == event.total_steps;
        if (digest_every_step_ || (last && digest_last_step_))
            event.parameter_digest = parameterDigest(trainable_);
        event.wall_seconds = secondsSince(start);
        account(event, result);
        if (hooks_.observer) hooks_.observer->onFinetuneStep(event);
        return true;
    }

    // Cache statistics: hits are reused steps, misses computed ones; the time saved is what the
    // reused steps would have cost at the mean computed-step cost, minus what they did cost.
    void account(FinetuneStepEvent& event, FinetuneResult& result) {
        ++result.steps;
        if (event.computed) {
            ++result.computed_steps;
            computed_seconds_ += event.wall_seconds;
            result.losses.push_back(*event.loss);
            result.final_loss = event.loss;
        } else {
            ++result.reused_steps;
            reused_seconds_ += event.wall_seconds;
        }
        const double meanComputed = computed_seconds_ / std::max(1, result.computed_steps);
        result.seconds_saved = result.reused_steps * meanComputed - reused_seconds_;
        event.cache_bytes = cache_.bytes();
        if (event.computed) result.gradient_bytes = std::max(result.gradient_bytes, gradientBytes(trainable_));
        result.peak_cache_bytes = std::max(result.peak_cache_bytes, event.cache_bytes);
        event.cache_hits = result.reused_steps;
        event.cache_misses = result.computed_steps;
        event.seconds_saved = result.seconds_saved;
    }

    // Gradients set to none: backward then writes fresh ones instead of accumulating.
    void clearGradients() {
        for (const torch::Tensor& parameter : trainable_.tensors) parameter.mutable_grad().reset();
    }

    LanguageModel& model_;
    const FinetuneSettings& settings_;
    const FinetuneHooks& hooks_;
    const ReuseSchedule& schedule_;
    const std::vector<torch::Tensor>& sequences_;
    ParameterSubset trainable_;
    TrainableScope scope_;
    AdamOptimizer optimizer_;
    GradientCache cache_;
    CircuitBreaker breaker_;
    std::optional<GradientGraphs::Session> graph_session_;  // CUDA graphs in use for this run
    bool digest_every_step_ = false;
    bool digest_last_step_ = false;
    double computed_seconds_ = 0.0;
    double reused_seconds_ = 0.0;
};

}  // namespace

Finetuner::Finetuner(LanguageModel& model) : model_(model) {}

void Finetuner::restoreBase() {
    model_.setLoraAdapters(nullptr);
    adapters_.reset();
    if (base_) base_->restore(model_);
}

ParameterSubset Finetuner::prepareTrainable(const FinetuneSettings& settings, const FinetuneHooks& hooks) {
    ParameterSubset trainable;
    AdaptationEvent event;
    if (settings.adapt == AdaptMode::Lora) {
        adapters_ = std::make_unique<LoraAdapters>(model_, settings.lora);
        model_.setLoraAdapters(adapters_.get());
        for (const auto& [name, tensor] : adapters_->namedParameters()) {
            trainable.names.push_back(name);
            trainable.tensors.push_back(tensor);
        }
        event.mode = "lora";
        event.lora_rank = settings.lora.rank;
        event.lora_alpha = settings.lora.alpha;
    } else {
        trainable = selectTrainable(model_, settings.trainable);
        event.mode = "full";
    }
    for (const std::string& name : trainable.names) event.parameters += (event.parameters.empty() ? "" : ",") + name;
    event.tensors = static_cast<int64_t>(trainable.tensors.size());
    for (const torch::Tensor& tensor : trainable.tensors) event.elements += tensor.numel();
    if (hooks.observer) hooks.observer->onAdaptation(event);
    return trainable;
}

FinetuneResult Finetuner::adapt(const std::vector<TrainingSequence>& trainingOrder,
                                const FinetuneSettings& settings, const FinetuneHooks& hooks) {
    const auto start = Clock::now();
    validateFinetuneSettings(settings);
    const bool checkBpb = settings.breaker.max_bpb_regression.has_value();
    if (checkBpb && !hooks.query_bpb) {
        throw InputError("finetune settings",
                         "breaker.max_bpb_regression is set but no query BPB scorer was given");
    }
    std::vector<int64_t> order;
    for (const TrainingSequence& sequence : trainingOrder) order.push_back(sequence.sequence_id);
    const ReuseSchedule schedule = planGradientReuse(order, settings.refresh_interval);
    const std::vector<torch::Tensor> sequences =
        uniqueSequenceTensors(trainingOrder, schedule, settings, model_);

    FinetuneResult result;
    result.total_steps = static_cast<int>(schedule.steps.size());
    restoreBase();  // every query finetunes a fresh copy of the base weights
    // Full finetuning writes the model's weights, so it needs their one copy; LoRA never does.
    if (settings.adapt == AdaptMode::Full && !base_) base_.emplace(model_);
    try {
        if (checkBpb && !schedule.steps.empty()) result.base_bpb = hooks.query_bpb(model_);
        ParameterSubset trainable = prepareTrainable(settings, hooks);
        // A query's adapters are new tensors: graphs captured over them would not outlive the query.
        const bool graphs = settings.cuda_graphs && settings.adapt == AdaptMode::Full;
        if (graphs && !graphs_ && GradientGraphs::available(model_)) graphs_ = std::make_unique<GradientGraphs>(model_);
        AdaptationRun(model_, settings, hooks, schedule, sequences, std::move(trainable), graphs ? graphs_.get() : nullptr)
            .run(result);
        result.adapted = !result.circuit_breaker && !schedule.steps.empty();
        if (result.adapted && checkBpb) {
            result.adapted_bpb = hooks.query_bpb(model_);
            if (auto reason =
                    CircuitBreaker(settings.breaker).checkQueryBpb(*result.base_bpb, *result.adapted_bpb)) {
                result.circuit_breaker = CircuitBreakerEvent{-1, *reason, true};
                result.adapted = false;
            }
        }
    } catch (...) {
        restoreBase();
        throw;
    }
    if (result.circuit_breaker) {
        restoreBase();
        if (hooks.observer) hooks.observer->onCircuitBreaker(*result.circuit_breaker);
    }
    result.seconds = secondsSince(start);
    return result;
}

}  // namespace hullft
