#include "datastore/faiss_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/errors.h"

namespace hullft {
namespace {

// k-means sees at most this many points per list: enough for good centroids, bounded time.
constexpr int64_t kTrainingPointsPerList = 64;

std::unique_ptr<faiss::Index> buildIvf(const float* vectors, int64_t n, int64_t d, const VectorIndexOptions& options) {
    const int64_t nlist = options.nlist > 0 ? options.nlist : std::max<int64_t>(1, static_cast<int64_t>(4 * std::sqrt(n)));
    auto quantizer = std::make_unique<faiss::IndexFlatIP>(d);
    auto index = std::make_unique<faiss::IndexIVFFlat>(quantizer.get(), d, nlist, faiss::METRIC_INNER_PRODUCT);
    index->own_fields = true;
    quantizer.release();
    index->cp.seed = 1234;  // fixed: the same vectors give the same index
    // Train on an evenly strided sample (deterministic, unlike FAISS's random subsampling).
    const int64_t sample = std::min(n, nlist * kTrainingPointsPerList);
    std::vector<float> training(static_cast<size_t>(sample * d));
    for (int64_t i = 0; i < sample; ++i) {
        const int64_t row = i * n / sample;
        std::copy(vectors + row * d, vectors + (row + 1) * d, training.begin() + i * d);
    }
    index->train(sample, training.data());
    index->add(n, vectors);
    index->nprobe = static_cast<size_t>(std::min(options.nprobe, nlist));
    return index;
}

}  // namespace

VectorIndex::VectorIndex(std::unique_ptr<faiss::Index> index) : index_(std::move(index)) {}
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

VectorIndex VectorIndex::build(const float* vectors, int64_t n, int64_t d, const VectorIndexOptions& options) {
    if (n >= options.ivf_threshold && n > 1) return VectorIndex(buildIvf(vectors, n, d, options));
    auto flat = std::make_unique<faiss::IndexFlatIP>(d);
    flat->add(n, vectors);
    return VectorIndex(std::move(flat));
}

VectorIndex VectorIndex::load(const std::string& path) {
    try {
        return VectorIndex(std::unique_ptr<faiss::Index>(faiss::read_index(path.c_str())));
    } catch (const faiss::FaissException& e) {
        throw InputError(path, std::string("cannot read FAISS index: ") + e.what());
    }
}

void VectorIndex::save(const std::string& path) const {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    try {
        faiss::write_index(index_.get(), temporary.c_str());
    } catch (const faiss::FaissException& e) {
        std::remove(temporary.c_str());
        throw InputError(path, std::string("cannot write FAISS index: ") + e.what());
    }
    if (FILE* file = std::fopen(temporary.c_str(), "rb")) {  // flush to disk before the rename
        ::fsync(fileno(file));
        std::fclose(file);
    }
    std::filesystem::rename(temporary, path);
}

SearchResult VectorIndex::search(const float* query, int64_t k) const {
    k = std::min<int64_t>(k, index_->ntotal);
    SearchResult result;
    if (k <= 0) return result;
    result.ids.resize(static_cast<size_t>(k));
    result.scores.resize(static_cast<size_t>(k));
    index_->search(1, query, k, result.scores.data(), result.ids.data());
    // IVF may find fewer than k when the probed lists are small: drop the -1 padding.
    size_t found = 0;
    while (found < result.ids.size() && result.ids[found] >= 0) ++found;
    result.ids.resize(found);
    result.scores.resize(found);
    return result;
}

std::string VectorIndex::kind() const { return dynamic_cast<const faiss::IndexIVF*>(index_.get()) ? "ivf" : "flat"; }
int64_t VectorIndex::size() const { return index_->ntotal; }
int64_t VectorIndex::dimension() const { return index_->d; }

void VectorIndex::setNprobe(int64_t nprobe) {
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index_.get())) ivf->nprobe = static_cast<size_t>(std::max<int64_t>(1, nprobe));
}

}  // namespace hullft
