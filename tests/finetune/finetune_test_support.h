#pragma once

// Shared pieces of the finetuner tests: parameter snapshots, sequences, a recording observer.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "finetune/finetuner.h"
#include "events/observer.h"
#include "tiny_causal_lm.h"

namespace hullft::test {

using NamedTensors = std::map<std::string, torch::Tensor>;

// A small real GPT-2 (2 layers, width 32, vocabulary 97), the same weights every call.
inline std::shared_ptr<Gpt2Model> smallGpt2() {
    Gpt2Config config;
    config.n_layer = 2;
    config.n_head = 2;
    config.n_embd = 32;
    config.n_positions = 64;
    config.vocab_size = 97;
    torch::manual_seed(2605);  // both models of a test start from the same weights
    return std::make_shared<Gpt2Model>(config);
}

inline NamedTensors cloneParameters(LanguageModel& model) {
    NamedTensors copy;
    for (auto& [name, tensor] : model.namedParameters()) copy[name] = tensor.detach().clone();
    return copy;
}

inline NamedTensors cloneBuffers(torch::nn::Module& module) {
    NamedTensors copy;
    for (auto& item : module.named_buffers()) copy[item.key()] = item.value().detach().clone();
    return copy;
}

// Names whose tensor differs (not bitwise equal) between two snapshots of the same model.
inline std::vector<std::string> changedNames(const NamedTensors& before, const NamedTensors& after) {
    std::vector<std::string> changed;
    for (const auto& [name, tensor] : before) {
        if (!torch::equal(tensor, after.at(name))) changed.push_back(name);
    }
    return changed;
}

inline bool allClose(const NamedTensors& a, const NamedTensors& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [name, tensor] : a) {
        if (!torch::allclose(tensor, b.at(name), /*rtol=*/1e-5, /*atol=*/1e-7)) return false;
    }
    return true;
}

// Deterministic pseudo-random token sequences of the given lengths, ids 0..n-1 in order.
inline std::vector<TrainingSequence> makeSequences(const std::vector<int64_t>& lengths, int64_t vocab,
                                                   uint64_t seed = 7) {
    torch::manual_seed(seed);
    std::vector<TrainingSequence> sequences;
    for (size_t i = 0; i < lengths.size(); ++i) {
        const torch::Tensor ids = torch::randint(vocab, {lengths[i]}, torch::kInt64);
        sequences.push_back(
            {static_cast<int64_t>(i),
             std::vector<int64_t>(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel())});
    }
    return sequences;
}

// The training order as sequences: element k is pool[order[k]].
inline std::vector<TrainingSequence> inOrder(const std::vector<TrainingSequence>& pool,
                                             const std::vector<int64_t>& order) {
    std::vector<TrainingSequence> sequences;
    for (const int64_t id : order) sequences.push_back(pool.at(static_cast<size_t>(id)));
    return sequences;
}

inline FinetuneHooks hooks(PipelineObserver* observer, const CancellationToken* cancellation = nullptr,
                           QueryBpbScorer queryBpb = {}) {
    FinetuneHooks result;
    result.observer = observer;
    result.cancellation = cancellation;
    result.query_bpb = std::move(queryBpb);
    return result;
}

// Records every step and breaker event, and the model's parameters after each step.
class RecordingObserver : public PipelineObserver {
public:
    explicit RecordingObserver(LanguageModel* model = nullptr) : model_(model) {}
    void onFinetuneStep(const FinetuneStepEvent& event) override {
        steps.push_back(event);
        if (model_) weights_after_step.push_back(cloneParameters(*model_));
    }
    void onCircuitBreaker(const CircuitBreakerEvent& event) override { breakers.push_back(event); }

    std::vector<FinetuneStepEvent> steps;
    std::vector<CircuitBreakerEvent> breakers;
    std::vector<NamedTensors> weights_after_step;

private:
    LanguageModel* model_;
};

}  // namespace hullft::test
