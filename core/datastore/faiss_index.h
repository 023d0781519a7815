#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace faiss {
struct Index;
}

namespace hullft {

// Which index a store gets. Exact inner-product search (IndexFlatIP) up to `ivf_threshold`
// vectors; above it an inverted-file index (IndexIVFFlat, inner product) with `nlist` lists
// (0: 4·sqrt(n)) probing `nprobe` of them per query.
//
// Stores larger than RAM (plan, not built yet): IndexIVFPQ with its inverted lists on disk
// (faiss::OnDiskInvertedLists, memory-mapped), trained on a sample read from the store's
// embeddings table; only the coarse centroids and PQ tables stay resident, and a query reads
// just its nprobe lists. The SQLite embeddings table already holds every vector, so such an
// index can be (re)built from a store at any time. See BENCHMARKS.md, "Datastore".
struct VectorIndexOptions {
    int64_t ivf_threshold = 200000;
    int64_t nlist = 0;
    int64_t nprobe = 32;
};

struct SearchResult {
    std::vector<int64_t> ids;    // row numbers, best first
    std::vector<float> scores;   // inner products
};

// A FAISS index over unit-norm rows searched by inner product; row i is sequence id i.
class VectorIndex {
public:
    VectorIndex(VectorIndex&&) noexcept;
    VectorIndex& operator=(VectorIndex&&) noexcept;
    ~VectorIndex();

    // `vectors` is n x d row-major. Deterministic: same vectors, same index bytes.
    static VectorIndex build(const float* vectors, int64_t n, int64_t d, const VectorIndexOptions& options);
    static VectorIndex load(const std::string& path);
    // Written to a temporary file next to `path`, then renamed over it.
    void save(const std::string& path) const;

    SearchResult search(const float* query, int64_t k) const;
    std::string kind() const;  // "flat" or "ivf"
    int64_t size() const;
    int64_t dimension() const;
    void setNprobe(int64_t nprobe);

private:
    explicit VectorIndex(std::unique_ptr<faiss::Index> index);
    std::unique_ptr<faiss::Index> index_;
};

}  // namespace hullft
