#include "datastore/faiss_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/errors.h"

namespace hullft {
namespace {

// k-means sees at most this many points per list: enough for good centroids, bounded time.
constexpr int64_t kTrainingPointsPerList = 64;
constexpr int64_t kPqTrainingPointsPerList = 32;  // ivfpq: more lists, each cheaper to place
// Each PQ codebook has 256 centroids; FAISS trains them on at most 256 points each.
constexpr int64_t kPqTrainingPoints = 256 * 256;

faiss::MetricType faissMetric(const std::string& metric) {
    if (!isVectorMetric(metric)) throw InputError("index options", "metric must be inner_product or l2, not '" + metric + "'");
    return metric == "l2" ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
}

std::string resolvedKind(const VectorIndexOptions& options, int64_t n, int64_t d) {
    if (options.kind == "flat" || options.kind == "ivf" || options.kind == "ivfpq") return n > 1 || options.kind == "flat" ? options.kind : "flat";
    if (options.kind != "auto") throw InputError("index options", "index kind must be auto, flat, ivf or ivfpq, not '" + options.kind + "'");
    if (n < options.ivf_threshold || n <= 1) return "flat";
    return n * d * static_cast<int64_t>(sizeof(float)) >= options.ivfpq_threshold_bytes ? "ivfpq" : "ivf";
}

int64_t listCount(const VectorIndexOptions& options, const std::string& kind, int64_t n) {
    if (options.nlist > 0) return std::min(options.nlist, n);
    const double perRoot = kind == "ivfpq" ? 2.0 : 4.0;
    return std::max<int64_t>(1, std::min<int64_t>(n, static_cast<int64_t>(perRoot * std::sqrt(static_cast<double>(n)))));
}

// Bytes per PQ code: d/4 by default, i.e. 4-dimensional sub-vectors (at 10M clustered vectors
// d/8 codes left too few true neighbours among the candidates re-ranked; BENCHMARKS.md).
// Sub-vectors shorter than 16 keep FAISS on its per-vector encoder, so re-encoding one row
// gives exactly its stored code.
int64_t pqBytes(const VectorIndexOptions& options, int64_t d) {
    const int64_t m = options.pq_bytes > 0 ? options.pq_bytes : std::max<int64_t>(1, d / 4);
    if (d % m != 0 || d / m >= 16)
        throw InputError("index options", "PQ code size " + std::to_string(m) + " bytes must divide the dimension " + std::to_string(d) +
                                              " into sub-vectors of fewer than 16 values");
    return m;
}

std::unique_ptr<faiss::IndexIVF> emptyIvf(const std::string& kind, const VectorIndexOptions& options, int64_t n, int64_t d) {
    const faiss::MetricType metric = faissMetric(options.metric);
    const int64_t nlist = listCount(options, kind, n);
    std::unique_ptr<faiss::Index> quantizer;
    if (metric == faiss::METRIC_L2) quantizer = std::make_unique<faiss::IndexFlatL2>(d);
    else quantizer = std::make_unique<faiss::IndexFlatIP>(d);
    std::unique_ptr<faiss::IndexIVF> index;
    if (kind == "ivf") {
        index = std::make_unique<faiss::IndexIVFFlat>(quantizer.get(), d, nlist, metric);
    } else {
        auto pq = std::make_unique<faiss::IndexIVFPQ>(quantizer.get(), d, nlist, pqBytes(options, d), 8, metric);
        pq->use_precomputed_table = -1;  // the tables would cost nlist * d * 256 floats of resident memory
        pq->cp.niter = 10;
        index = std::move(pq);
    }
    index->own_fields = true;
    quantizer.release();
    index->cp.seed = 1234;  // fixed: the same vectors give the same index
    index->nprobe = static_cast<size_t>(std::min(options.nprobe, nlist));
    return index;
}

// Train on an evenly strided sample (deterministic, unlike FAISS's random subsampling).
void train(faiss::IndexIVF& index, const VectorRows& rows, int64_t minimumPoints, int64_t pointsPerList) {
    const int64_t n = rows.count(), d = rows.dimension();
    const int64_t sample = std::min(n, std::max(minimumPoints, static_cast<int64_t>(index.nlist) * pointsPerList));
    std::vector<float> training(static_cast<size_t>(sample * d));
    for (int64_t i = 0; i < sample; ++i) rows.read(i * n / sample, 1, training.data() + i * d);
    index.train(sample, training.data());
}

void addInSlices(faiss::Index& index, const VectorRows& rows, int64_t sliceRows, ProgressMeter* meter, const CancellationToken* cancel) {
    const int64_t n = rows.count(), d = rows.dimension();
    sliceRows = std::max<int64_t>(1, sliceRows);
    std::vector<float> slice(static_cast<size_t>(std::min(n, sliceRows) * d));
    for (int64_t first = 0; first < n; first += sliceRows) {
        if (cancel) cancel->throwIfCancelled();
        const int64_t count = std::min(sliceRows, n - first);
        rows.read(first, count, slice.data());
        index.add(count, slice.data());
        if (meter) meter->report(first + count);
    }
}

void writeAtomically(const faiss::Index& index, const std::string& path) {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    try {
        faiss::write_index(&index, temporary.c_str());
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

const faiss::IndexIVF* asIvf(const faiss::Index& index) { return dynamic_cast<const faiss::IndexIVF*>(&index); }

}  // namespace

bool isVectorMetric(const std::string& metric) { return metric == "inner_product" || metric == "l2"; }

void requireUsableIndexOptions(const VectorIndexOptions& options, int64_t dimension) {
    faissMetric(options.metric);
    resolvedKind(options, 0, dimension);
    if (options.kind == "ivfpq" || options.pq_bytes > 0) pqBytes(options, dimension);
}

VectorIndex::VectorIndex(std::unique_ptr<faiss::Index> index) : index_(std::move(index)) {}
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

VectorIndex VectorIndex::build(const VectorRows& rows, const VectorIndexOptions& options, const std::string& path,
                               ProgressMeter* meter, const CancellationToken* cancel) {
    const int64_t n = rows.count(), d = rows.dimension();
    const std::string kind = resolvedKind(options, n, d);
    std::unique_ptr<faiss::Index> index;
    try {
        if (kind == "flat") {
            if (faissMetric(options.metric) == faiss::METRIC_L2) index = std::make_unique<faiss::IndexFlatL2>(d);
            else index = std::make_unique<faiss::IndexFlatIP>(d);
        } else {
            std::unique_ptr<faiss::IndexIVF> ivf = emptyIvf(kind, options, n, d);
            if (kind == "ivfpq" && n < 256)
                throw InputError(path, "an ivfpq index needs at least 256 vectors to train its codebooks; this store has " + std::to_string(n));
            if (kind == "ivf") train(*ivf, rows, 0, kTrainingPointsPerList);
            else train(*ivf, rows, kPqTrainingPoints, kPqTrainingPointsPerList);
            index = std::move(ivf);
        }
        addInSlices(*index, rows, options.slice_rows, meter, cancel);
    } catch (const faiss::FaissException& e) {
        throw InputError(path, std::string("cannot build the FAISS index: ") + e.what());
    }
    writeAtomically(*index, path);
    if (kind == "ivfpq") return load(path);  // from here on, its lists live in the file
    return VectorIndex(std::move(index));
}

VectorIndex VectorIndex::load(const std::string& path) {
    // An IVF-PQ index (FAISS tag "IwPQ") keeps its lists in the file: FAISS maps them read-only.
    char tag[4] = {};
    if (FILE* file = std::fopen(path.c_str(), "rb")) {
        if (std::fread(tag, 1, sizeof tag, file) != sizeof tag) tag[0] = 0;
        std::fclose(file);
    }
    const int flags = std::memcmp(tag, "IwPQ", 4) == 0 ? faiss::IO_FLAG_MMAP | faiss::IO_FLAG_READ_ONLY : 0;
    try {
        return VectorIndex(std::unique_ptr<faiss::Index>(faiss::read_index(path.c_str(), flags)));
    } catch (const faiss::FaissException& e) {
        throw InputError(path, std::string("cannot read FAISS index: ") + e.what());
    }
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

std::string VectorIndex::kind() const {
    if (dynamic_cast<const faiss::IndexIVFPQ*>(index_.get())) return "ivfpq";
    return asIvf(*index_) ? "ivf" : "flat";
}
std::string VectorIndex::metric() const { return index_->metric_type == faiss::METRIC_L2 ? "l2" : "inner_product"; }
int64_t VectorIndex::size() const { return index_->ntotal; }
int64_t VectorIndex::dimension() const { return index_->d; }

void VectorIndex::setNprobe(int64_t nprobe) {
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index_.get())) ivf->nprobe = static_cast<size_t>(std::max<int64_t>(1, nprobe));
}

void VectorIndex::prepareRowLookup() {
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index_.get()); ivf && ivf->direct_map.type == faiss::DirectMap::NoMap)
        ivf->make_direct_map(true);
}

bool VectorIndex::rowMatches(int64_t id, const float* vector) const {
    if (id < 0 || id >= index_->ntotal) return false;
    const faiss::IndexIVF* ivf = asIvf(*index_);
    if (!ivf) {
        const auto* flat = dynamic_cast<const faiss::IndexFlatCodes*>(index_.get());
        return flat && std::memcmp(flat->codes.data() + id * flat->code_size, vector, flat->code_size) == 0;
    }
    // The row's list from the direct map; its code must equal encoding `vector` for that list.
    const faiss::Index::idx_t located = ivf->direct_map.get(id);
    const faiss::Index::idx_t listNumber = faiss::lo_listno(located);
    std::vector<uint8_t> code(ivf->code_size);
    ivf->encode_vectors(1, vector, &listNumber, code.data());
    return std::memcmp(ivf->invlists->get_single_code(listNumber, faiss::lo_offset(located)), code.data(), code.size()) == 0;
}

}  // namespace hullft
