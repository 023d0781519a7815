// Selection math at the paper's sizes: K = 200 candidates, d = 1024, N = 50, random unit-norm
// embeddings (fixed seed); and the BM_*VsPool rows: SIFT, HullFT (Frank-Wolfe + integerization)
// and kNN from K = 200 to 20000 candidates, d = 256 and 1024, N = 20 and 50. Results and the
// commands are in BENCHMARKS.md, "Selection" and "Selection cost against the pool size".
#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <random>
#include <utility>

#include "selection/frank_wolfe.h"
#include "selection/integerize.h"
#include "selection/knn.h"
#include "selection/sift.h"

namespace {

constexpr std::size_t kCandidates = 200;
constexpr std::size_t kDimension = 1024;
constexpr int kMultisetSize = 50;

std::vector<double> unitRows(std::mt19937_64& rng, std::size_t rows, std::size_t dimension = kDimension) {
    std::normal_distribution<double> normal;
    std::vector<double> values(rows * dimension);
    for (std::size_t i = 0; i < rows; ++i) {
        double squares = 0.0;
        for (std::size_t k = 0; k < dimension; ++k) squares += std::pow(values[i * dimension + k] = normal(rng), 2);
        for (std::size_t k = 0; k < dimension; ++k) values[i * dimension + k] /= std::sqrt(squares);
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

// A pool of K random unit rows of dimension d and a query, made once per (K, d).
struct Pool {
    hullft::EmbeddingMatrix matrix;
    std::vector<double> query;
};

const Pool& poolOf(std::size_t candidates, std::size_t dimension) {
    static std::map<std::pair<std::size_t, std::size_t>, Pool> pools;
    auto found = pools.find({candidates, dimension});
    if (found == pools.end()) {
        std::mt19937_64 rng(2605 + candidates + dimension);
        const std::vector<double> values = unitRows(rng, candidates, dimension);
        found = pools.emplace(std::make_pair(candidates, dimension),
                              Pool{hullft::EmbeddingMatrix(candidates, dimension, values), unitRows(rng, 1, dimension)}).first;
    }
    return found->second;
}

// Arguments: K, d, N.
const Pool& poolFor(const benchmark::State& state) {
    return poolOf(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
}

void BM_SiftVsPool(benchmark::State& state) {
    const Pool& pool = poolFor(state);
    for (auto _ : state) benchmark::DoNotOptimize(hullft::siftSelect(pool.matrix, pool.query, {static_cast<int>(state.range(2)), 0.2, true}));
}

// What the HullFT pipeline selects with: the convex reconstruction, then the exact multiset.
void BM_HullftVsPool(benchmark::State& state) {
    const Pool& pool = poolFor(state);
    const int n = static_cast<int>(state.range(2));
    std::size_t iterations = 0;
    for (auto _ : state) {
        const hullft::FrankWolfeResult fw = hullft::frankWolfe(pool.matrix, pool.query, {n, 250, 1e-5});
        benchmark::DoNotOptimize(hullft::integerize(pool.matrix, pool.query, fw.support, fw.weights, n, 2));
        iterations = fw.trace.size();
    }
    state.counters["fw_iterations"] = static_cast<double>(iterations);
}

void BM_KnnVsPool(benchmark::State& state) {
    const Pool& pool = poolFor(state);
    for (auto _ : state) benchmark::DoNotOptimize(hullft::knnSelect(pool.matrix, pool.query, static_cast<int>(state.range(2))));
}

const std::vector<std::vector<int64_t>> kPoolSweep = {{200, 1000, 5000, 20000}, {256, 1024}, {20, 50}};

}  // namespace

BENCHMARK(BM_EmbeddingMatrix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FrankWolfe)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Integerize)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sift)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Knn)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SiftVsPool)->ArgsProduct(kPoolSweep)->ArgNames({"K", "d", "N"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HullftVsPool)->ArgsProduct(kPoolSweep)->ArgNames({"K", "d", "N"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KnnVsPool)->ArgsProduct(kPoolSweep)->ArgNames({"K", "d", "N"})->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
