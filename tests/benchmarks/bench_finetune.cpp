// Finetuner speed on CPU: one computed step, and the paper's 20-multiset (8 unique sequences,
// counts 5,4,3,2,2,2,1,1) standard (r = 1) against gradient reuse (r = 2).
//
// The model is GPT-2-shaped (byte vocabulary 256, n_embd 256, 6 layers, 8 heads, 1024
// positions: 5.1M parameters). Until the GPT-2 engine lands it is the tests' TinyCausalLm at
// that size; makeBenchmarkModel() is the one place to swap for Gpt2Model.

#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "../finetune/tiny_causal_lm.h"
#include "finetune/finetuner.h"

namespace {

std::unique_ptr<hullft::LanguageModel> makeBenchmarkModel() {
    hullft::test::TinyConfig config;
    config.vocab = 256;
    config.n_embd = 256;
    config.n_layer = 6;
    config.n_head = 8;
    config.n_positions = 1024;
    config.init_std = 0.02;
    return std::make_unique<hullft::test::TinyCausalLm>(config);
}

std::vector<hullft::TrainingSequence> multiset(const std::vector<int>& counts, int64_t length,
                                               int64_t vocab) {
    torch::manual_seed(3);
    std::vector<hullft::TrainingSequence> order;
    for (size_t id = 0; id < counts.size(); ++id) {
        const torch::Tensor ids = torch::randint(vocab, {length}, torch::kInt64);
        const hullft::TrainingSequence sequence{int64_t(id),
                                                {ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + length}};
        order.insert(order.end(), counts[id], sequence);
    }
    return order;
}

hullft::FinetuneSettings benchSettings(int refreshInterval, bool digest) {
    hullft::FinetuneSettings settings;
    settings.refresh_interval = refreshInterval;
    settings.digest = digest ? hullft::ParameterDigestPolicy::EveryStep : hullft::ParameterDigestPolicy::Off;
    return settings;
}

// args: sequence length, parameter digest every step (0/1)
void BM_ComputedStep(benchmark::State& state) {
    const auto model = makeBenchmarkModel();
    hullft::Finetuner finetuner(*model);
    const auto order = multiset({1}, state.range(0), model->vocabSize());
    const auto settings = benchSettings(1, state.range(1) != 0);
    for (auto _ : state) finetuner.adapt(order, settings);
    state.counters["parameters_M"] = double(finetuner.base().bytes()) / 4e6;
}
BENCHMARK(BM_ComputedStep)
    ->Args({256, 0})
    ->Args({1024, 0})
    ->Args({256, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// args: sequence length, refresh interval r
void BM_Multiset20(benchmark::State& state) {
    const auto model = makeBenchmarkModel();
    hullft::Finetuner finetuner(*model);
    const auto order = multiset({5, 4, 3, 2, 2, 2, 1, 1}, state.range(0), model->vocabSize());
    const auto settings = benchSettings(int(state.range(1)), false);
    hullft::FinetuneResult result;
    for (auto _ : state) result = finetuner.adapt(order, settings);
    state.counters["forward_backward"] = result.computed_steps;
    state.counters["steps"] = result.steps;
}
BENCHMARK(BM_Multiset20)
    ->Args({256, 1})
    ->Args({256, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
