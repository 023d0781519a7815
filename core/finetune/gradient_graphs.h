#pragma once

#include <torch/torch.h>

#include <memory>

#include "finetune/parameter_subset.h"

namespace hullft {

class LanguageModel;

// A computed step's loss and global gradient norm, still on the model's device.
struct ComputedGradient {
    torch::Tensor loss;           // 0-dim float32, nats
    torch::Tensor gradient_norm;  // 0-dim float64
};

// The gradient of one training sequence (forward, loss, backward, global norm),
// captured once per sequence length as a CUDA graph and replayed after that, so a GPU step
// costs one launch instead of the thousand kernel launches the host would otherwise issue
// (HullFT's computed steps are host-bound on the GPU otherwise). Only with a CUDA build of
// LibTorch 2.x and a model on CUDA; available() says whether this process can use it.
//
// The first sequence of a length runs eagerly (it is the warm-up a capture needs), the second
// is captured and replayed, later ones replay. A graph's gradients are its own outputs at fixed
// addresses, which the trainable parameters' .grad point at after a replay; each graph keeps
// them and its activations in a private memory pool; at most kMaxGraphs lengths are kept.
class GradientGraphs {
public:
    static constexpr int kMaxGraphs = 4;
    static bool available(const LanguageModel& model);

    explicit GradientGraphs(LanguageModel& model);
    ~GradientGraphs();
    GradientGraphs(const GradientGraphs&) = delete;
    GradientGraphs& operator=(const GradientGraphs&) = delete;

    // One query's adaptation runs inside a Session: its work goes to the graphs' stream (ordered
    // after what the caller's stream already queued); the destructor orders the caller's stream
    // after it and detaches the gradients from `trainable`.
    class Session {
    public:
        Session(GradientGraphs& graphs, const ParameterSubset& trainable);
        ~Session();
        Session(const Session&) = delete;
        Session& operator=(const Session&) = delete;
        ComputedGradient compute(const torch::Tensor& ids);

    private:
        GradientGraphs& graphs_;
        const ParameterSubset& trainable_;
        struct StreamScope;
        std::unique_ptr<StreamScope> stream_;
    };

    // Graph lengths captured so far and replays made (for the benchmarks and the tests).
    int captured() const;
    int64_t replays() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The same computation without graphs, on the current stream: what a captured graph replays.
// Gradients accumulate into .grad, so the caller zeroes or resets them first.
ComputedGradient eagerGradient(LanguageModel& model, const torch::Tensor& ids, const ParameterSubset& trainable);

}  // namespace hullft
