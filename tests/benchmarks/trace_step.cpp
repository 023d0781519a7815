// Where a finetuning step's GPU time goes: runs eager computed steps (forward, loss, backward,
// gradient norm, Adam with its update norm) of GPT-2 small (random weights) on a 1024-token
// sequence under LibTorch's Kineto profiler and writes a Chrome trace, whose kernel rows
// .ci/gpu/kernel_summary.py sums by name. Eager steps run the same kernels a CUDA graph replays.
// Built only against a CUDA LibTorch 2.x (the GPU machine).
// Usage: trace_step TRACE.json [bf16|fp32]

#include <torch/csrc/autograd/profiler_kineto.h>
#include <torch/torch.h>

#include <iostream>
#include <set>
#include <string>

#include "finetune/adam_optimizer.h"
#include "finetune/finetune_settings.h"
#include "finetune/next_token_loss.h"
#include "finetune/parameter_subset.h"
#include "finetune/step_norms.h"
#include "model/compute_precision.h"
#include "model/gpt2_model.h"

namespace {

constexpr int64_t kLength = 1024;
constexpr int kWarmUpSteps = 3;
constexpr int kTracedSteps = 3;

void step(hullft::Gpt2Model& model, const torch::Tensor& ids, const hullft::ParameterSubset& trainable,
          hullft::AdamOptimizer& optimizer) {
    for (const torch::Tensor& parameter : trainable.tensors) parameter.mutable_grad().reset();
    hullft::nextTokenLoss(model, ids).backward();
    hullft::gradientNormTensor(trainable);
    optimizer.step();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !torch::cuda::is_available()) {
        std::cerr << "usage: trace_step TRACE.json [bf16|fp32] (needs a CUDA device)\n";
        return 2;
    }
    const torch::Device device(torch::kCUDA, 0);
    torch::manual_seed(0);
    hullft::Gpt2Model model(hullft::Gpt2Config{});
    model.to(device);
    model.setComputePrecision(hullft::selectPrecision(argc > 2 ? argv[2] : "bf16", device));
    const torch::Tensor ids = torch::randint(model.vocabSize(), {kLength}, torch::kInt64).to(device);

    hullft::FinetuneSettings settings;
    const hullft::ParameterSubset trainable = hullft::selectTrainable(model, settings.trainable);
    hullft::TrainableScope scope(model, trainable);
    hullft::AdamOptimizer optimizer(trainable, settings);
    for (int i = 0; i < kWarmUpSteps; ++i) step(model, ids, trainable, optimizer);
    torch::cuda::synchronize();

    namespace profiler = torch::autograd::profiler;
    namespace impl = torch::profiler::impl;
    const impl::ProfilerConfig config(impl::ProfilerState::KINETO);
    const std::set<impl::ActivityType> activities{impl::ActivityType::CPU, impl::ActivityType::CUDA};
    profiler::prepareProfiler(config, activities);
    profiler::enableProfiler(config, activities);
    for (int i = 0; i < kTracedSteps; ++i) step(model, ids, trainable, optimizer);
    torch::cuda::synchronize();
    profiler::disableProfiler()->save(argv[1]);
    std::cout << "trace of " << kTracedSteps << " steps written to " << argv[1] << "\n";
    return 0;
}
