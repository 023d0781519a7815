// Preselect latency (K = 200) at store scale: 1M synthetic unit vectors of d = 256 (the planned
// default model width), exact IndexFlatIP versus IndexIVFFlat. Vectors are clustered (1000
// Gaussian blobs) so IVF sees structure as in real embeddings. Run by hand, see BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "datastore/faiss_index.h"

namespace {

constexpr int64_t kDimension = 256;

std::vector<float> clusteredUnitRows(int64_t n, uint64_t seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<float> normal;
    const int64_t clusters = 1000;
    std::vector<float> centres(static_cast<size_t>(clusters * kDimension));
    for (float& c : centres) c = normal(random);
    std::vector<float> rows(static_cast<size_t>(n * kDimension));
    for (int64_t i = 0; i < n; ++i) {
        const float* centre = centres.data() + (random() % clusters) * kDimension;
        float* row = rows.data() + i * kDimension;
        double norm = 0;
        for (int64_t j = 0; j < kDimension; ++j) norm += std::pow(row[j] = centre[j] + 0.7f * normal(random), 2);
        for (int64_t j = 0; j < kDimension; ++j) row[j] /= static_cast<float>(std::sqrt(norm));
    }
    return rows;
}

const std::vector<float>& vectors(int64_t n) {
    static std::vector<float> rows;
    if (static_cast<int64_t>(rows.size()) != n * kDimension) rows = clusteredUnitRows(n, 1);
    return rows;
}

void preselect(benchmark::State& state, bool ivf) {
    const int64_t n = state.range(0);
    const std::vector<float>& rows = vectors(n);
    hullft::VectorIndexOptions options;
    options.ivf_threshold = ivf ? 1 : n + 1;
    options.nlist = 1024;  // ~1000 vectors per list; k-means on 64k points keeps the build to a minute
    options.nprobe = state.range(1);
    const hullft::VectorIndex index = hullft::VectorIndex::build(rows.data(), n, kDimension, options);
    const std::vector<float> queries = clusteredUnitRows(64, 2);
    int64_t q = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(index.search(queries.data() + (q++ % 64) * kDimension, 200));
    }
    state.counters["vectors"] = static_cast<double>(n);
}

void BM_PreselectFlat(benchmark::State& state) { preselect(state, false); }
void BM_PreselectIvf(benchmark::State& state) { preselect(state, true); }

}  // namespace

BENCHMARK(BM_PreselectFlat)->Args({1000000, 0})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PreselectIvf)->Args({1000000, 16})->Args({1000000, 64})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
