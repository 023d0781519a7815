#pragma once

// Straightforward reference implementations written for the tests, independent of core:
// the authors' loop (group globally, clone every gradient into a name-keyed dictionary on a
// computed step, copy it back on a reused step) and the plain standard loop.

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "finetune_test_support.h"

namespace hullft::test {

inline torch::Tensor referenceLoss(LanguageModel& model, const std::vector<int64_t>& tokens) {
    const torch::Tensor ids = torch::tensor(tokens, torch::kInt64);
    const int64_t length = ids.size(0);
    const torch::Tensor logits = model.logits(ids.unsqueeze(0))[0];
    return torch::nn::functional::cross_entropy(logits.slice(0, 0, length - 1), ids.slice(0, 1, length));
}

// Unique sequences in order of first appearance, with their counts.
inline std::vector<std::pair<TrainingSequence, int>> referenceGroups(
    const std::vector<TrainingSequence>& order) {
    std::vector<std::pair<TrainingSequence, int>> groups;
    for (const TrainingSequence& sequence : order) {
        bool found = false;
        for (auto& group : groups) {
            if (group.first.sequence_id == sequence.sequence_id) {
                ++group.second;
                found = true;
            }
        }
        if (!found) groups.emplace_back(sequence, 1);
    }
    return groups;
}

inline torch::optim::Adam referenceAdam(LanguageModel& model, double learningRate) {
    std::vector<torch::Tensor> parameters;
    for (auto& entry : model.namedParameters()) parameters.push_back(entry.second);
    return torch::optim::Adam(
        parameters, torch::optim::AdamOptions(learningRate).betas(std::make_tuple(0.9, 0.999)).eps(1e-8));
}

// The authors' gradient reuse: returns the parameters after every step.
inline std::vector<NamedTensors> referenceReuseLoop(LanguageModel& model,
                                                    const std::vector<TrainingSequence>& order,
                                                    int refreshInterval, double learningRate) {
    torch::optim::Adam optimizer = referenceAdam(model, learningRate);
    std::vector<NamedTensors> after;
    for (const auto& [sequence, count] : referenceGroups(order)) {
        std::map<std::string, torch::Tensor> cache;
        for (int j = 0; j < count; ++j) {
            if (j % refreshInterval == 0) {
                optimizer.zero_grad();
                referenceLoss(model, sequence.token_ids).backward();
                cache.clear();
                for (auto& [name, parameter] : model.namedParameters())
                    cache[name] = parameter.grad().clone();
            } else {
                for (auto& [name, parameter] : model.namedParameters())
                    parameter.mutable_grad() = cache.at(name).clone();
            }
            optimizer.step();
            after.push_back(cloneParameters(model));
        }
    }
    return after;
}

// Standard finetuning: one forward-backward and one Adam step per element of `order`.
inline std::vector<NamedTensors> referencePlainLoop(LanguageModel& model,
                                                    const std::vector<TrainingSequence>& order,
                                                    double learningRate) {
    torch::optim::Adam optimizer = referenceAdam(model, learningRate);
    std::vector<NamedTensors> after;
    for (const TrainingSequence& sequence : order) {
        optimizer.zero_grad();
        referenceLoss(model, sequence.token_ids).backward();
        optimizer.step();
        after.push_back(cloneParameters(model));
    }
    return after;
}

// The training order grouped globally, expanded back to one element per step.
inline std::vector<TrainingSequence> groupedOrder(const std::vector<TrainingSequence>& order) {
    std::vector<TrainingSequence> grouped;
    for (const auto& [sequence, count] : referenceGroups(order))
        grouped.insert(grouped.end(), count, sequence);
    return grouped;
}

}  // namespace hullft::test
