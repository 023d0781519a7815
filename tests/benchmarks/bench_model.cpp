// CPU cost of GPT-2 forward and forward+backward on one 1024-token sequence (random weights).
// Run: build/tests/benchmarks/bench_model --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include "model/gpt2_model.h"

namespace {

constexpr int64_t kSequenceLength = 1024;

hullft::Gpt2Config gpt2Small() { return hullft::Gpt2Config{}; }  // transformers' defaults: 124M parameters

// The project's byte-level shape: about 5M parameters.
hullft::Gpt2Config byteLevelSmall() {
    hullft::Gpt2Config config;
    config.n_layer = 6;
    config.n_head = 4;
    config.n_embd = 256;
    config.vocab_size = 257;
    config.eos_token_id = config.bos_token_id = 256;
    return config;
}

int64_t parameterCount(hullft::Gpt2Model& model) {
    int64_t count = 0;
    for (const auto& [name, parameter] : model.namedParameters()) count += parameter.numel();
    return count;
}

void forward(benchmark::State& state, const hullft::Gpt2Config& config) {
    torch::manual_seed(0);
    hullft::Gpt2Model model(config);
    model.eval();
    const torch::Tensor ids = torch::randint(0, config.vocab_size, {1, kSequenceLength}, torch::kLong);
    torch::NoGradGuard noGrad;
    for (auto _ : state) benchmark::DoNotOptimize(model.logits(ids));
    state.counters["params"] = static_cast<double>(parameterCount(model));
    state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(kSequenceLength), benchmark::Counter::kIsIterationInvariantRate);
}

void forwardBackward(benchmark::State& state, const hullft::Gpt2Config& config) {
    torch::manual_seed(0);
    hullft::Gpt2Model model(config);
    const torch::Tensor ids = torch::randint(0, config.vocab_size, {1, kSequenceLength}, torch::kLong);
    for (auto _ : state) {
        model.zero_grad();
        const torch::Tensor logits = model.logits(ids).squeeze(0);
        const torch::Tensor loss = torch::cross_entropy_loss(logits.narrow(0, 0, kSequenceLength - 1),
                                                             ids.squeeze(0).narrow(0, 1, kSequenceLength - 1));
        loss.backward();
        benchmark::DoNotOptimize(loss.item<float>());
    }
    state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(kSequenceLength), benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK_CAPTURE(forward, gpt2_small_124M, gpt2Small())->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(forwardBackward, gpt2_small_124M, gpt2Small())->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(forward, byte_level_5M, byteLevelSmall())->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(forwardBackward, byte_level_5M, byteLevelSmall())->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

BENCHMARK_MAIN();
