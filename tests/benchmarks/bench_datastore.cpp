// Datastore costs, run by hand (see BENCHMARKS.md):
// - LM embedding throughput of the default model, one sequence per forward pass versus
//   length-sorted batches (LmEmbedder's token budget), on real text chunked as a store chunks it;
// - preselect latency (K = 200) at store scale: 1M synthetic unit vectors of d = 256 (the
//   default model's width), exact IndexFlatIP versus the IndexIVFFlat a store gets above its
//   IVF threshold, with build time and recall@200 against exact search.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <vector>

#include "common/json_io.h"
#include "datastore/chunker.h"
#include "datastore/faiss_index.h"
#include "datastore/lm_embedder.h"
#include "model/gpt2_checkpoint.h"

namespace {

constexpr int64_t kDimension = 256;

// 64 training sequences as the store cuts them (at most 1024 byte tokens, mostly full, some
// short document tails) from the repository's own prose and code.
std::vector<std::vector<int64_t>> storeLikeSequences(const hullft::Tokenizer& tokenizer) {
    std::vector<std::vector<int64_t>> sequences;
    for (const char* file : {"README.md", "BENCHMARKS.md", "resources/models/default/README.md", "resources/examples/README.md",
                             "core/datastore/store_builder.cpp", "core/datastore/chunker.cpp", "core/model/gpt2_model.cpp",
                             "core/datastore/lm_embedder.cpp", "core/datastore/faiss_index.cpp"})
        for (const hullft::Chunk& chunk : hullft::chunkDocument(hullft::readFileBytes(HULLFT_SOURCE_DIR "/" + std::string(file)), tokenizer, 1024))
            if (sequences.size() < 64) sequences.push_back(tokenizer.encode(chunk.text));
    return sequences;
}

// Sequences per second of LmEmbedder (default model, layer 2 as the CLI uses) with a padded-token
// budget per forward pass of state.range(0); 1 = one sequence per pass (the unbatched embedder).
void BM_LmEmbed(benchmark::State& state) {
    const std::string modelDir = HULLFT_SOURCE_DIR "/resources/models/default";
    const std::shared_ptr<hullft::Gpt2Model> model = hullft::loadGpt2Model(modelDir);
    model->eval();
    const std::unique_ptr<hullft::Tokenizer> tokenizer = hullft::loadTokenizer(modelDir);
    const std::vector<std::vector<int64_t>> sequences = storeLikeSequences(*tokenizer);
    hullft::LmEmbedder embedder(*model, 2, state.range(0));
    int64_t tokens = 0;
    for (const auto& sequence : sequences) tokens += static_cast<int64_t>(sequence.size());
    for (auto _ : state) benchmark::DoNotOptimize(embedder.embed(sequences));
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(sequences.size()));
    state.counters["mean_tokens"] = static_cast<double>(tokens) / static_cast<double>(sequences.size());
    state.counters["threads"] = at::get_num_threads();
}

// Synthetic stores of kVectors unit rows plus kQueries held-out query rows drawn the same way
// (fixed seed). Uniform: directions uniformly random (no structure: IVF's worst case). Clustered:
// 1000 Gaussian blobs, closer to real embeddings, which group by domain and topic.
constexpr int64_t kVectors = 1000000;
constexpr int64_t kQueries = 100;
constexpr int64_t kK = 200;
enum Distribution : int64_t { kUniform = 0, kClustered = 1 };

std::vector<float> unitRows(Distribution distribution, int64_t n) {
    std::mt19937_64 random(1);
    std::normal_distribution<float> normal;
    std::vector<float> centres(static_cast<size_t>(1000 * kDimension));
    for (float& c : centres) c = normal(random);
    std::vector<float> rows(static_cast<size_t>(n * kDimension));
    for (int64_t i = 0; i < n; ++i) {
        const float* centre = distribution == kClustered ? centres.data() + (random() % 1000) * kDimension : nullptr;
        float* row = rows.data() + i * kDimension;
        double norm = 0;
        for (int64_t j = 0; j < kDimension; ++j) {
            row[j] = centre ? centre[j] + 0.7f * normal(random) : normal(random);
            norm += static_cast<double>(row[j]) * row[j];
        }
        for (int64_t j = 0; j < kDimension; ++j) row[j] /= static_cast<float>(std::sqrt(norm));
    }
    return rows;
}

// One distribution's rows, its indexes and the exact top-K of its queries, built once per process.
struct Synthetic {
    std::vector<float> rows;  // kVectors stored rows, then kQueries query rows
    std::map<std::string, std::unique_ptr<hullft::VectorIndex>> indexes;
    std::map<std::string, double> build_seconds;
    std::vector<std::vector<int64_t>> exact;  // flat top-K per query
    const float* query(int64_t q) const { return rows.data() + (kVectors + q % kQueries) * kDimension; }
};

Synthetic& synthetic(Distribution distribution) {
    static std::map<int64_t, Synthetic> cache;
    Synthetic& data = cache[distribution];
    if (data.rows.empty()) data.rows = unitRows(distribution, kVectors + kQueries);
    return data;
}

// The index a store of kVectors rows gets: "flat", or "ivf" as above the store's IVF threshold
// (nlist = 4 sqrt(n) = 4000, trained on 64 points per list), nprobe set per benchmark.
hullft::VectorIndex& index(Synthetic& data, const std::string& kind) {
    std::unique_ptr<hullft::VectorIndex>& built = data.indexes[kind];
    if (!built) {
        hullft::VectorIndexOptions options;
        options.kind = kind;
        const std::string path = std::filesystem::temp_directory_path() / ("hullft-bench-" + kind + "-" + std::to_string(::getpid()) + ".faiss");
        const auto start = std::chrono::steady_clock::now();
        built = std::make_unique<hullft::VectorIndex>(
            hullft::VectorIndex::build(hullft::MatrixRows(data.rows.data(), kVectors, kDimension), options, path));
        std::filesystem::remove(path);  // flat and ivf indexes live in memory once built
        data.build_seconds[kind] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return *built;
}

double recallAtK(Synthetic& data, const hullft::VectorIndex& approximate) {
    if (data.exact.empty())
        for (int64_t q = 0; q < kQueries; ++q) data.exact.push_back(index(data, "flat").search(data.query(q), kK).ids);
    double found = 0;
    for (int64_t q = 0; q < kQueries; ++q) {
        const std::vector<int64_t> ids = approximate.search(data.query(q), kK).ids;
        const std::set<int64_t> exact(data.exact[q].begin(), data.exact[q].end());
        for (const int64_t id : ids) found += static_cast<double>(exact.count(id));
    }
    return found / static_cast<double>(kQueries * kK);
}

// Args: distribution, nprobe (ignored by flat). Counters: build time of the index and recall@200
// against exact search over kQueries held-out queries.
void preselect(benchmark::State& state, const std::string& kind) {
    Synthetic& data = synthetic(static_cast<Distribution>(state.range(0)));
    hullft::VectorIndex& searched = index(data, kind);
    searched.setNprobe(state.range(1));
    int64_t q = 0;
    for (auto _ : state) benchmark::DoNotOptimize(searched.search(data.query(q++), kK));
    state.counters["build_s"] = data.build_seconds[kind];
    state.counters["recall_at_200"] = recallAtK(data, searched);
}

void BM_PreselectFlat(benchmark::State& state) { preselect(state, "flat"); }
void BM_PreselectIvf(benchmark::State& state) { preselect(state, "ivf"); }

}  // namespace

BENCHMARK(BM_LmEmbed)->Arg(1)->Arg(2048)->Arg(4096)->Arg(8192)->Arg(16384)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_PreselectFlat)->ArgsProduct({{kUniform, kClustered}, {0}})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PreselectIvf)->ArgsProduct({{kUniform, kClustered}, {8, 32, 128}})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
