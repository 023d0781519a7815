#include "datastore/hashed_ngram_embedder.h"

#include <cmath>
#include <stdexcept>

#include "common/errors.h"

namespace hullft {
namespace {

constexpr const char* kIdentityPrefix = "hashed-ngram-v1-d";

// FNV-1a over the n-gram's ids and its length, then a final avalanche (splitmix64's).
uint64_t hashNgram(const int64_t* ids, size_t n) {
    uint64_t h = 1469598103934665603ULL ^ n;
    for (size_t i = 0; i < n; ++i) {
        auto value = static_cast<uint64_t>(ids[i]);
        for (int byte = 0; byte < 8; ++byte, value >>= 8) h = (h ^ (value & 0xFF)) * 1099511628211ULL;
    }
    h ^= h >> 30, h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27, h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

}  // namespace

HashedNgramEmbedder::HashedNgramEmbedder(int64_t dimension) : dimension_(dimension) {
    if (dimension < 1) throw std::invalid_argument("HashedNgramEmbedder: dimension must be positive");
}

std::string HashedNgramEmbedder::identity() const { return kIdentityPrefix + std::to_string(dimension_); }

std::optional<int64_t> HashedNgramEmbedder::dimensionOfIdentity(const std::string& identity) {
    const std::string prefix = kIdentityPrefix;
    if (identity.rfind(prefix, 0) != 0) return std::nullopt;
    const std::string digits = identity.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int64_t dimension = std::stoll(digits);
    return dimension > 0 ? std::optional<int64_t>(dimension) : std::nullopt;
}

void HashedNgramEmbedder::embedInto(const std::vector<int64_t>& sequence, float* out) const {
    if (sequence.empty()) throw InputError("hashed n-gram embedder", "cannot embed an empty sequence");
    std::vector<double> sums(static_cast<size_t>(dimension_), 0.0);
    const auto add = [&](size_t start, size_t n) {
        const uint64_t h = hashNgram(sequence.data() + start, n);
        sums[h % static_cast<uint64_t>(dimension_)] += (h >> 63) ? -1.0 : 1.0;  // signed hashing
    };
    if (sequence.size() < 3) {
        for (size_t i = 0; i < sequence.size(); ++i) add(i, 1);
    } else {
        for (size_t n = 3; n <= 4; ++n)
            for (size_t i = 0; i + n <= sequence.size(); ++i) add(i, n);
    }
    double norm = 0.0;
    for (const double v : sums) norm += v * v;
    norm = std::sqrt(norm);
    if (norm == 0.0) {  // every feature cancelled: fall back to a fixed axis
        sums[0] = 1.0;
        norm = 1.0;
    }
    for (int64_t i = 0; i < dimension_; ++i) out[i] = static_cast<float>(sums[static_cast<size_t>(i)] / norm);
}

torch::Tensor HashedNgramEmbedder::embed(const std::vector<std::vector<int64_t>>& sequences) {
    torch::Tensor result = torch::empty({static_cast<int64_t>(sequences.size()), dimension_}, torch::kFloat32);
    float* data = result.data_ptr<float>();
    for (size_t row = 0; row < sequences.size(); ++row) embedInto(sequences[row], data + row * dimension_);
    return result;
}

}  // namespace hullft
