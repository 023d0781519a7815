#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hullft {

// AdamW as torch.optim.AdamW defines it (decoupled weight decay, bias-corrected moments), for
// pretraining. Its state is plain named tensors, so a checkpoint is a safetensors file that
// reads back identically under any LibTorch version (no torch::save archives).
class AdamWOptimizer {
public:
    struct Options {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
    };
    // A named parameter and the weight decay it gets.
    struct Parameter {
        std::string name;
        torch::Tensor tensor;
        double weight_decay = 0.0;
    };

    AdamWOptimizer(std::vector<Parameter> parameters, Options options);

    void zeroGrad();
    // One update of every parameter that has a gradient.
    void step(double learningRate);

    int64_t steps() const { return steps_; }
    // "exp_avg.NAME" and "exp_avg_sq.NAME" for every parameter, on the parameters' device.
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    // Puts back what state() returned after `steps` updates; InputError naming `source` when a
    // tensor is missing or has the wrong shape.
    void loadState(const std::map<std::string, torch::Tensor>& state, int64_t steps, const std::string& source);

private:
    std::vector<Parameter> parameters_;
    Options options_;
    std::vector<torch::Tensor> exp_avgs_, exp_avg_sqs_;
    int64_t steps_ = 0;
};

}  // namespace hullft
