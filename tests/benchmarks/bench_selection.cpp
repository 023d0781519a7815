// Selection math at the paper's sizes: K = 200 candidates, d = 1024, N = 50, random unit-norm
// embeddings (fixed seed). Results and the command are in BENCHMARKS.md, "Selection".
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "selection/frank_wolfe.h"
#include "selection/integerize.h"
#include "selection/knn.h"
#include "selection/sift.h"

namespace {

constexpr std::size_t kCandidates = 200;
constexpr std::size_t kDimension = 1024;
constexpr int kMultisetSize = 50;

std::vector<double> unitRows(std::mt19937_64& rng, std::size_t rows) {
    std::normal_distribution<double> normal;
    std::vector<double> values(rows * kDimension);
    for (std::size_t i = 0; i < rows; ++i) {
        double squares = 0.0;
        for (std::size_t k = 0; k < kDimension; ++k) squares += std::pow(values[i * kDimension + k] = normal(rng), 2);
        for (std::size_t k = 0; k < kDimension; ++k) values[i * kDimension + k] /= std::sqrt(squares);
    }
    return values;
}

struct Inputs {
    std::vector<double> poolValues;
    hullft::EmbeddingMatrix pool;
    std::vector<double> query;
    hullft::FrankWolfeResult reconstruction;
};

const Inputs& inputs() {
    static const Inputs made = [] {
        std::mt19937_64 rng(2605);
        Inputs in;
        in.poolValues = unitRows(rng, kCandidates);
        in.pool = hullft::EmbeddingMatrix(kCandidates, kDimension, in.poolValues);
        in.query = unitRows(rng, 1);
        in.reconstruction = hullft::frankWolfe(in.pool, in.query, {kMultisetSize, 250, 1e-5});
        return in;
    }();
    return made;
}

void BM_EmbeddingMatrix(benchmark::State& state) {
    const Inputs& in = inputs();
    for (auto _ : state) benchmark::DoNotOptimize(hullft::EmbeddingMatrix(kCandidates, kDimension, in.poolValues));
}

void BM_FrankWolfe(benchmark::State& state) {
    const Inputs& in = inputs();
    for (auto _ : state) benchmark::DoNotOptimize(hullft::frankWolfe(in.pool, in.query, {kMultisetSize, 250, 1e-5}));
    state.counters["fw_iterations"] = static_cast<double>(in.reconstruction.trace.size());
}

void BM_Integerize(benchmark::State& state) {
    const Inputs& in = inputs();
    for (auto _ : state)
        benchmark::DoNotOptimize(hullft::integerize(in.pool, in.query, in.reconstruction.support,
                                                    in.reconstruction.weights, kMultisetSize, 2));
    state.counters["support"] = static_cast<double>(in.reconstruction.support.size());
}

void BM_Sift(benchmark::State& state) {
    const Inputs& in = inputs();
    for (auto _ : state) benchmark::DoNotOptimize(hullft::siftSelect(in.pool, in.query, {kMultisetSize, 0.2, true}));
}

void BM_Knn(benchmark::State& state) {
    const Inputs& in = inputs();
    for (auto _ : state) benchmark::DoNotOptimize(hullft::knnSelect(in.pool, in.query, kMultisetSize));
}

}  // namespace

BENCHMARK(BM_EmbeddingMatrix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FrankWolfe)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Integerize)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sift)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Knn)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
