#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/cancellation.h"
#include "datastore/vector_rows.h"
#include "events/progress_meter.h"

namespace faiss {
struct Index;
}

namespace hullft {

// How vectors are compared: "inner_product" (larger is nearer) or "l2" (squared Euclidean
// distance, smaller is nearer; what the published Pile indexes use).
bool isVectorMetric(const std::string& metric);

// Which index a store gets.
// - "flat": exact search, every vector in memory.
// - "ivf": inverted lists of full vectors (IndexIVFFlat), in memory, approximate (nprobe lists).
// - "ivfpq": inverted lists of product-quantised codes (IndexIVFPQ) memory-mapped from the index
//   file, so a query process holds only the coarse centroids and codebooks plus the pages its
//   probed lists touch. Its scores are approximate: the store re-ranks its candidates exactly
//   from the stored float32 vectors.
// - "auto": flat below `ivf_threshold` vectors, ivfpq once the float32 vectors would take
//   `ivfpq_threshold_bytes`, ivf in between.
struct VectorIndexOptions {
    std::string kind = "auto";
    std::string metric = "inner_product";
    int64_t ivf_threshold = 200000;
    int64_t ivfpq_threshold_bytes = int64_t{2} << 30;
    int64_t nlist = 0;       // 0: 4 sqrt(n) for ivf, 2 sqrt(n) for ivfpq
    int64_t nprobe = 32;
    int64_t pq_bytes = 0;    // ivfpq code bytes per vector (must divide d); 0: d / 4
    int64_t slice_rows = 65536;  // rows read and added at a time
};

// InputError when `options` cannot index vectors of `dimension` (unknown kind or metric, a PQ
// code size that does not divide it): checked before long work, not after it.
void requireUsableIndexOptions(const VectorIndexOptions& options, int64_t dimension);

struct SearchResult {
    std::vector<int64_t> ids;   // row numbers, best first
    std::vector<float> scores;  // inner products, or squared L2 distances
};

// A FAISS index over the rows of a store; row i is sequence id i.
class VectorIndex {
public:
    VectorIndex(VectorIndex&&) noexcept;
    VectorIndex& operator=(VectorIndex&&) noexcept;
    ~VectorIndex();

    // Builds the index over `rows`, reading `slice_rows` at a time (IVF kinds are trained first
    // on an evenly strided sample), writes it to a temporary file next to `path`, renames it
    // over `path` and opens it. Deterministic: same rows and options, same file bytes.
    static VectorIndex build(const VectorRows& rows, const VectorIndexOptions& options, const std::string& path,
                             ProgressMeter* meter = nullptr, const CancellationToken* cancel = nullptr);
    // ivfpq indexes are memory-mapped read-only; the others are read into memory.
    static VectorIndex load(const std::string& path);

    SearchResult search(const float* query, int64_t k) const;
    std::string kind() const;    // "flat", "ivf" or "ivfpq"
    std::string metric() const;  // "inner_product" or "l2"
    bool exact() const { return kind() == "flat"; }
    bool quantized() const { return kind() == "ivfpq"; }  // scores approximate: re-rank
    int64_t size() const;
    int64_t dimension() const;
    void setNprobe(int64_t nprobe);

    // Audit: whether `vector` is what row `id` holds: the same floats for flat, the same list
    // and the same code as encoding `vector` gives for the IVF kinds. Needs the direct map:
    // call prepareRowLookup() once first (it reads every list).
    void prepareRowLookup();
    bool rowMatches(int64_t id, const float* vector) const;

private:
    explicit VectorIndex(std::unique_ptr<faiss::Index> index);
    std::unique_ptr<faiss::Index> index_;
};

}  // namespace hullft
