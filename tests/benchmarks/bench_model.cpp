// CPU cost of GPT-2 forward and forward+backward on one 1024-token sequence (random weights),
// and of finetuning a SmolLM2-135M shape (a Llama architecture) through the Finetuner.
// Run: build/tests/benchmarks/bench_model --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include <algorithm>
#include <vector>

#include "finetune/finetuner.h"
#include "model/decoder_config.h"
#include "model/decoder_model.h"
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

// SmolLM2-135M's config.json sizes: 30 layers, 576 wide, 9 heads over 3 key/value heads.
std::shared_ptr<hullft::DecoderModel> smolLm2() {
    torch::manual_seed(0);
    return std::make_shared<hullft::DecoderModel>(hullft::parseDecoderConfig(
        R"({"model_type": "llama", "vocab_size": 49152, "hidden_size": 576, "intermediate_size": 1536,
            "num_hidden_layers": 30, "num_attention_heads": 9, "num_key_value_heads": 3,
            "max_position_embeddings": 8192, "rope_theta": 100000.0, "tie_word_embeddings": true})",
        "SmolLM2-135M"));
}

std::vector<int64_t> randomSequence(int64_t vocab, int64_t shift) {
    torch::manual_seed(1);
    const torch::Tensor ids = torch::randint(0, vocab, {kSequenceLength}, torch::kLong);
    std::vector<int64_t> sequence(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + kSequenceLength);
    std::rotate(sequence.begin(), sequence.begin() + shift, sequence.end());
    return sequence;
}

// One finetuning step (forward, loss, backward, Adam) as a query takes it; audit digest off.
void smolLm2Step(benchmark::State& state) {
    const auto model = smolLm2();
    hullft::Finetuner finetuner(*model);
    hullft::FinetuneSettings settings;
    settings.digest = hullft::ParameterDigestPolicy::Off;
    const std::vector<hullft::TrainingSequence> order{{0, randomSequence(model->vocabSize(), 0)}};
    for (auto _ : state) finetuner.adapt(order, settings);
}

// The finetuning of one N = 20 HullFT query: 20 steps over 8 unique sequences, r = 2.
void smolLm2Multiset20(benchmark::State& state) {
    const auto model = smolLm2();
    hullft::Finetuner finetuner(*model);
    hullft::FinetuneSettings settings;
    settings.digest = hullft::ParameterDigestPolicy::Off;
    std::vector<hullft::TrainingSequence> order;
    for (int step = 0; step < 20; ++step)
        order.push_back({step * 8 / 20, randomSequence(model->vocabSize(), 100 * (step * 8 / 20))});
    for (auto _ : state) state.counters["computed_steps"] = finetuner.adapt(order, settings).computed_steps;
}

}  // namespace

BENCHMARK(smolLm2Step)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(smolLm2Multiset20)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(forward, gpt2_small_124M, gpt2Small())->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(forwardBackward, gpt2_small_124M, gpt2Small())->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(forward, byte_level_5M, byteLevelSmall())->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(forwardBackward, byte_level_5M, byteLevelSmall())->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

BENCHMARK_MAIN();
