// Per-query TTFT costs on a real Gpt2Model, on the device HULLFT_BENCH_DEVICE names (cpu or
// cuda; default cpu): BPB of one 1024-token sequence, one computed finetune step, N = 20
// distinct sequences, and the paper's 20-multiset of 8 unique sequences (counts
// 5,4,3,2,2,2,1,1) standard (r = 1) against gradient reuse (r = 2).
// HULLFT_BENCH_MODEL: gpt2-small (124M, random weights; the default) or a model folder.

#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "eval/bpb.h"
#include "finetune/finetuner.h"
#include "model/device.h"
#include "model/gpt2_checkpoint.h"
#include "model/gpt2_model.h"

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

void BM_BitsPerByte1024(benchmark::State& state) {
    const auto ids = randomIds(7);
    model().eval();
    hullft::bitsPerByte(model(), ids, kLength);  // warm-up
    for (auto _ : state) {
        benchmark::DoNotOptimize(hullft::bitsPerByte(model(), ids, kLength).bpb);
        synchronize();
    }
}
BENCHMARK(BM_BitsPerByte1024)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10)->Repetitions(3)
    ->ReportAggregatesOnly(true);

// args: list shape (0: one sequence, 1: 20 distinct, 2: the 20-multiset of 8), refresh interval r
void BM_Finetune(benchmark::State& state) {
    static const std::vector<std::vector<int>> shapes = {{1}, std::vector<int>(20, 1), {5, 4, 3, 2, 2, 2, 1, 1}};
    const auto order = trainingOrder(shapes[state.range(0)]);
    hullft::Finetuner finetuner(model());
    hullft::FinetuneSettings settings;
    settings.refresh_interval = static_cast<int>(state.range(1));
    settings.digest = hullft::ParameterDigestPolicy::Off;
    finetuner.adapt(order, settings);  // warm-up
    finetuner.restoreBase();
    for (auto _ : state) {
        const auto result = finetuner.adapt(order, settings);
        synchronize();
        state.counters["computed"] = result.computed_steps;
        finetuner.restoreBase();
    }
}
BENCHMARK(BM_Finetune)->Args({0, 1})->Args({1, 1})->Args({2, 1})->Args({2, 2})->Unit(benchmark::kMillisecond)
    ->UseRealTime()->Iterations(2)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
