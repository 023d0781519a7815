// Per-query TTFT costs on a real Gpt2Model, on the device HULLFT_BENCH_DEVICE names (cpu or
// cuda; default cpu): BPB of one 1024-token sequence, one computed finetune step, N = 20
// distinct sequences, and the paper's 20-multiset of 8 unique sequences (counts
// 5,4,3,2,2,2,1,1) standard (r = 1) against gradient reuse (r = 2).
// HULLFT_BENCH_MODEL: gpt2-small (124M, random weights; the default) or a model folder.
// HULLFT_BENCH_PRECISION: auto (bf16 on CUDA, the default), fp32 or bf16 (model/compute_precision.h).
// On CUDA the finetune rows report the peak memory the caching allocator held (peak_gib).

#include <benchmark/benchmark.h>
#include <torch/torch.h>

#ifdef HULLFT_BENCH_CUDA_MEMORY
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "eval/bpb.h"
#include "eval/generation.h"
#include "finetune/adam_optimizer.h"
#include "finetune/finetuner.h"
#include "finetune/gradient_graphs.h"
#include "finetune/next_token_loss.h"
#include "finetune/parameter_subset.h"
#include "finetune/step_norms.h"
#include "model/compute_precision.h"
#include "model/device.h"
#include "model/gpt2_checkpoint.h"
#include "model/gpt2_model.h"
#include "events/observer.h"

namespace {

constexpr int64_t kLength = 1024;

std::string environment(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

hullft::Gpt2Model& model() {
    static std::shared_ptr<hullft::Gpt2Model> instance = [] {
        const torch::Device device = hullft::selectDevice(environment("HULLFT_BENCH_DEVICE", "cpu"));
        const std::string name = environment("HULLFT_BENCH_MODEL", "gpt2-small");
        std::shared_ptr<hullft::Gpt2Model> loaded;
        if (name == "gpt2-small") {
            torch::manual_seed(0);
            loaded = std::make_shared<hullft::Gpt2Model>(hullft::Gpt2Config{});
            loaded->to(device);
        } else {
            loaded = hullft::loadGpt2Model(name, device);
        }
        loaded->setComputePrecision(hullft::selectPrecision(environment("HULLFT_BENCH_PRECISION", "auto"), device));
        return loaded;
    }();
    return *instance;
}

std::vector<int64_t> randomIds(int64_t seed) {
    torch::manual_seed(seed);
    const torch::Tensor ids = torch::randint(model().vocabSize(), {kLength}, torch::kInt64);
    return {ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + kLength};
}

std::vector<hullft::TrainingSequence> trainingOrder(const std::vector<int>& counts) {
    std::vector<hullft::TrainingSequence> order;
    for (size_t id = 0; id < counts.size(); ++id) order.insert(order.end(), counts[id], {int64_t(id), randomIds(int64_t(id) + 1)});
    return order;
}

void synchronize() {
    if (model().device().is_cuda()) torch::cuda::synchronize();
}

#ifdef HULLFT_BENCH_CUDA_MEMORY
int gpuIndex() { return std::max<int>(0, model().device().index()); }
#endif

void resetPeakMemory() {
#ifdef HULLFT_BENCH_CUDA_MEMORY
    if (model().device().is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(gpuIndex());
#endif
}

// Peak bytes allocated on the model's GPU since the last reset, in GiB; 0 on the CPU.
double peakMemoryGib() {
#ifdef HULLFT_BENCH_CUDA_MEMORY
    if (model().device().is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(gpuIndex());
        constexpr size_t kAggregate = 0;  // StatType::AGGREGATE, whose namespace moved across LibTorch 2.x
        return static_cast<double>(stats.allocated_bytes[kAggregate].peak) / (1u << 30);
    }
#endif
    return 0.0;
}

void BM_BitsPerByte1024(benchmark::State& state) {
    const auto ids = randomIds(7);
    model().eval();
    hullft::bitsPerByte(model(), ids, kLength, hullft::BpbRule::Full);  // warm-up
    for (auto _ : state) {
        benchmark::DoNotOptimize(hullft::bitsPerByte(model(), ids, kLength, hullft::BpbRule::Full).bpb);
        synchronize();
    }
}
BENCHMARK(BM_BitsPerByte1024)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10)->Repetitions(3)
    ->ReportAggregatesOnly(true);

// The pipeline's continuation: 160 greedy tokens after an 864-token prompt (the query's end).
void BM_Generate160(benchmark::State& state) {
    const auto ids = randomIds(5);
    const std::vector<int64_t> prompt(ids.begin(), ids.begin() + 864);
    hullft::GenerationOptions options;
    options.maxNewTokens = 160;
    model().eval();
    hullft::generate(model(), prompt, options);  // warm-up
    for (auto _ : state) {
        benchmark::DoNotOptimize(hullft::generate(model(), prompt, options));
        synchronize();
    }
}
BENCHMARK(BM_Generate160)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2)->Repetitions(3)
    ->ReportAggregatesOnly(true);

// Sums the wall time of the finetuner's steps, so the rest of an adaptation (restoring the
// base, the optimizer's state, checks) can be told apart.
class StepTimes : public hullft::PipelineObserver {
public:
    void onFinetuneStep(const hullft::FinetuneStepEvent& event) override { seconds += event.wall_seconds; }
    double seconds = 0.0;
};

// args: list shape (0: one sequence, 1: 20 distinct, 2: the 20-multiset of 8 unique), refresh
// interval r, CUDA graphs (1: on, the default; 0: eager; no difference off CUDA). Counter
// outside_steps_ms: the adaptation's time outside its steps (per adaptation).
void BM_Finetune(benchmark::State& state) {
    static const std::vector<std::vector<int>> shapes = {{1}, std::vector<int>(20, 1), {5, 4, 3, 2, 2, 2, 1, 1}};
    const auto order = trainingOrder(shapes[state.range(0)]);
    hullft::Finetuner finetuner(model());
    hullft::FinetuneSettings settings;
    settings.refresh_interval = static_cast<int>(state.range(1));
    settings.cuda_graphs = state.range(2) != 0;
    settings.digest = hullft::ParameterDigestPolicy::Off;
    for (int warmUp = 0; warmUp < 2; ++warmUp) {  // graphs are captured the second time a length is seen
        finetuner.adapt(order, settings);
        finetuner.restoreBase();
    }
    synchronize();
    resetPeakMemory();
    StepTimes steps;
    hullft::FinetuneHooks hooks;
    hooks.observer = &steps;
    double outside = 0.0;
    for (auto _ : state) {
        steps.seconds = 0.0;
        const auto result = finetuner.adapt(order, settings, hooks);
        synchronize();
        outside += result.seconds - steps.seconds;
        state.counters["computed"] = result.computed_steps;
        state.PauseTiming();  // putting the base back is per query, not per step
        finetuner.restoreBase();
        synchronize();
        state.ResumeTiming();
    }
    state.counters["outside_steps_ms"] = 1e3 * outside / static_cast<double>(state.iterations());
    state.counters["peak_gib"] = peakMemoryGib();
    state.counters["graph_replays"] = finetuner.graphs() ? static_cast<double>(finetuner.graphs()->replays()) : 0.0;
}
BENCHMARK(BM_Finetune)->ArgsProduct({{0, 1}, {1}, {1, 0}})->Args({2, 1, 1})->Args({2, 2, 1})->Args({2, 1, 0})
    ->Args({2, 2, 0})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2)->Repetitions(3)
    ->ReportAggregatesOnly(true);

// CUDA graphs change no arithmetic: the 20-multiset adapted with graphs (captured, then
// replayed) ends at the weights the eager steps reach. Counters max_abs_difference: the largest
// parameter difference (0 expected); restore_difference: the largest difference to the base
// weights after restoreBase() (0 expected); graphs: sequence lengths captured.
void BM_GraphParity(benchmark::State& state) {
    const auto order = trainingOrder({5, 4, 3, 2, 2, 2, 1, 1});
    std::vector<torch::Tensor> base;
    for (auto& [name, tensor] : model().namedParameters()) base.push_back(tensor.detach().clone());
    hullft::Finetuner finetuner(model());
    hullft::FinetuneSettings settings;
    settings.digest = hullft::ParameterDigestPolicy::Off;
    double largest = 0.0;
    double restoreDifference = 0.0;
    for (auto _ : state) {
        settings.cuda_graphs = false;
        finetuner.adapt(order, settings);
        std::vector<torch::Tensor> eager;
        for (auto& [name, tensor] : model().namedParameters()) eager.push_back(tensor.detach().clone());
        settings.cuda_graphs = true;
        for (int run = 0; run < 2; ++run) finetuner.adapt(order, settings);  // the second run replays only
        size_t i = 0;
        for (auto& [name, tensor] : model().namedParameters())
            largest = std::max(largest, (tensor.detach() - eager[i++]).abs().max().item<double>());
        finetuner.restoreBase();
        i = 0;
        for (auto& [name, tensor] : model().namedParameters())
            restoreDifference = std::max(restoreDifference, (tensor.detach() - base[i++]).abs().max().item<double>());
    }
    state.counters["max_abs_difference"] = largest;
    state.counters["restore_difference"] = restoreDifference;
    state.counters["graphs"] = finetuner.graphs() ? finetuner.graphs()->captured() : 0;
}
BENCHMARK(BM_GraphParity)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// Where one computed step's time goes: each part ends with a device synchronisation, so the
// counters (ms) add up to more than a step, whose parts overlap when nothing waits.
void BM_StepParts(benchmark::State& state) {
    const auto values = randomIds(11);
    const torch::Tensor ids = torch::tensor(values).to(model().device());
    hullft::FinetuneSettings settings;
    const hullft::ParameterSubset trainable = hullft::selectTrainable(model(), settings.trainable);
    hullft::TrainableScope scope(model(), trainable);
    hullft::AdamOptimizer optimizer(trainable, settings);
    std::map<std::string, double> totals;
    const auto timed = [&](const char* part, const auto& work) {
        const auto start = std::chrono::steady_clock::now();
        work();
        synchronize();
        totals[part] += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    for (auto _ : state) {
        torch::Tensor loss;
        timed("forward_ms", [&] { loss = hullft::nextTokenLoss(model(), ids); });
        timed("backward_ms", [&] { loss.backward(); });
        timed("gradient_norm_ms", [&] { benchmark::DoNotOptimize(hullft::gradientNorm(trainable)); });
        timed("adam_and_update_norm_ms", [&] { benchmark::DoNotOptimize(optimizer.step().item<double>()); });
        for (const torch::Tensor& parameter : trainable.tensors) parameter.mutable_grad().reset();
    }
    for (const auto& [part, total] : totals) state.counters[part] = total / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StepParts)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5)->Repetitions(3)
    ->ReportAggregatesOnly(true);

// A computed step's gradient (zeroing, forward, loss, backward, gradient norm) replayed from its
// CUDA graph, read back as the finetuner does; skipped where graphs are not available.
void BM_ReplayedGradient(benchmark::State& state) {
    if (!hullft::GradientGraphs::available(model())) return state.SkipWithError("no CUDA graphs on this device");
    const torch::Tensor ids = torch::tensor(randomIds(11)).to(model().device());
    hullft::FinetuneSettings settings;
    const hullft::ParameterSubset trainable = hullft::selectTrainable(model(), settings.trainable);
    hullft::TrainableScope scope(model(), trainable);
    hullft::GradientGraphs graphs(model());
    hullft::GradientGraphs::Session session(graphs, trainable);
    for (int warmUp = 0; warmUp < 3; ++warmUp) session.compute(ids);  // eager, capture, replay
    for (auto _ : state) {
        const hullft::ComputedGradient gradient = session.compute(ids);
        benchmark::DoNotOptimize(torch::stack({gradient.loss.to(torch::kFloat64), gradient.gradient_norm}).to(torch::kCPU));
    }
}
BENCHMARK(BM_ReplayedGradient)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(20)->Repetitions(3)
    ->ReportAggregatesOnly(true);

using AdamImplementation = hullft::AdamOptimizer::Implementation;

// One Adam step with its update norm read back, for arg 0: 1 reference (torch::optim::Adam),
// 2 fused (torch's _fused_adam_), 3 the CUDA kernel; skipped where one is not available.
void BM_AdamStep(benchmark::State& state) {
    const auto implementation = static_cast<AdamImplementation>(state.range(0));
    const torch::Tensor ids = torch::tensor(randomIds(11)).to(model().device());
    hullft::FinetuneSettings settings;
    const hullft::ParameterSubset trainable = hullft::selectTrainable(model(), settings.trainable);
    hullft::TrainableScope scope(model(), trainable);
    hullft::nextTokenLoss(model(), ids).backward();
    try {
        hullft::AdamOptimizer optimizer(trainable, settings, implementation);
        optimizer.step().item<double>();  // warm-up
        for (auto _ : state) benchmark::DoNotOptimize(optimizer.step().item<double>());
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
    for (const torch::Tensor& parameter : trainable.tensors) parameter.mutable_grad().reset();
}
BENCHMARK(BM_AdamStep)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(20)
    ->Repetitions(3)->ReportAggregatesOnly(true);

// The CUDA kernel against torch's fused Adam from the same weights and gradients, five steps:
// counters max_weight_difference (largest |difference| of any weight) and
// max_update_norm_relative_difference. Skipped where either is not available.
void BM_AdamParity(benchmark::State& state) {
    const torch::Tensor ids = torch::tensor(randomIds(11)).to(model().device());
    hullft::FinetuneSettings settings;
    const hullft::ParameterSubset trainable = hullft::selectTrainable(model(), settings.trainable);
    hullft::TrainableScope scope(model(), trainable);
    hullft::nextTokenLoss(model(), ids).backward();
    std::vector<torch::Tensor> start;
    for (const torch::Tensor& parameter : trainable.tensors) start.push_back(parameter.detach().clone());
    const auto runFrom = [&](AdamImplementation implementation, std::vector<double>& norms) {
        {
            torch::NoGradGuard noGrad;
            for (size_t i = 0; i < start.size(); ++i) trainable.tensors[i].copy_(start[i]);
        }
        hullft::AdamOptimizer optimizer(trainable, settings, implementation);
        for (int step = 0; step < 5; ++step) norms.push_back(optimizer.step().item<double>());
        std::vector<torch::Tensor> weights;
        for (const torch::Tensor& parameter : trainable.tensors) weights.push_back(parameter.detach().clone());
        return weights;
    };
    double weightDifference = 0.0;
    double normDifference = 0.0;
    try {
        for (auto _ : state) {
            std::vector<double> fusedNorms, kernelNorms;
            const auto fused = runFrom(AdamImplementation::Fused, fusedNorms);
            const auto kernel = runFrom(AdamImplementation::Kernel, kernelNorms);
            for (size_t i = 0; i < fused.size(); ++i)
                weightDifference = std::max(weightDifference, (fused[i] - kernel[i]).abs().max().item<double>());
            for (size_t i = 0; i < fusedNorms.size(); ++i)
                normDifference = std::max(normDifference, std::abs(fusedNorms[i] - kernelNorms[i]) / fusedNorms[i]);
        }
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
    {
        torch::NoGradGuard noGrad;
        for (size_t i = 0; i < start.size(); ++i) trainable.tensors[i].copy_(start[i]);
    }
    for (const torch::Tensor& parameter : trainable.tensors) parameter.mutable_grad().reset();
    state.counters["max_weight_difference"] = weightDifference;
    state.counters["max_update_norm_relative_difference"] = normDifference;
}
BENCHMARK(BM_AdamParity)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
