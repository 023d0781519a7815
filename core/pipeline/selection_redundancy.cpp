#include "pipeline/selection_redundancy.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

#include "datastore/store.h"

namespace hullft {
namespace {

constexpr size_t kShingleBytes = 8;

std::vector<uint64_t> shingleHashes(const std::string& text) {
    std::vector<uint64_t> hashes;
    if (text.size() < kShingleBytes) return hashes;
    hashes.reserve(text.size() - kShingleBytes + 1);
    for (size_t i = 0; i + kShingleBytes <= text.size(); ++i)
        hashes.push_back(std::hash<std::string_view>{}(std::string_view(text).substr(i, kShingleBytes)));
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    return hashes;
}

double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
    size_t common = 0;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j]) ++common, ++i, ++j;
        else if (a[i] < b[j]) ++i;
        else ++j;
    }
    const size_t together = a.size() + b.size() - common;
    return together == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(together);
}

size_t root(std::vector<size_t>& parent, size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

}  // namespace

double meanPairwiseCosine(const std::vector<float>& rows, size_t dimension) {
    const size_t count = dimension == 0 ? 0 : rows.size() / dimension;
    if (count < 2) return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> norms(count);
    for (size_t i = 0; i < count; ++i) {
        double squares = 0.0;
        for (size_t c = 0; c < dimension; ++c) squares += double(rows[i * dimension + c]) * rows[i * dimension + c];
        norms[i] = std::sqrt(squares);
    }
    double sum = 0.0;
    for (size_t i = 0; i < count; ++i)
        for (size_t j = i + 1; j < count; ++j) {
            double dot = 0.0;
            for (size_t c = 0; c < dimension; ++c) dot += double(rows[i * dimension + c]) * rows[j * dimension + c];
            sum += norms[i] > 0 && norms[j] > 0 ? dot / (norms[i] * norms[j]) : 0.0;
        }
    return sum / (static_cast<double>(count) * static_cast<double>(count - 1) / 2.0);
}

int nearDuplicateGroups(const std::vector<std::string>& texts) {
    std::vector<std::vector<uint64_t>> shingles;
    for (const std::string& text : texts) shingles.push_back(shingleHashes(text));
    std::vector<size_t> parent(texts.size());
    std::iota(parent.begin(), parent.end(), size_t{0});
    for (size_t i = 0; i < texts.size(); ++i)
        for (size_t j = i + 1; j < texts.size(); ++j) {
            const bool shortPair = shingles[i].empty() || shingles[j].empty();
            const bool alike = shortPair ? texts[i] == texts[j] : jaccard(shingles[i], shingles[j]) >= kNearDuplicateJaccard;
            if (alike) parent[root(parent, i)] = root(parent, j);
        }
    std::vector<size_t> members(texts.size(), 0);
    for (size_t i = 0; i < texts.size(); ++i) ++members[root(parent, i)];
    return static_cast<int>(std::count_if(members.begin(), members.end(), [](size_t m) { return m >= 2; }));
}

SelectionRedundancy measureSelectionRedundancy(const Store& store, const std::vector<int64_t>& trainingOrder) {
    std::vector<int64_t> distinct;
    for (const int64_t id : trainingOrder)
        if (std::find(distinct.begin(), distinct.end(), id) == distinct.end()) distinct.push_back(id);
    SelectionRedundancy redundancy;
    redundancy.distinct = static_cast<int>(distinct.size());
    if (distinct.empty()) return redundancy;
    redundancy.mean_cosine = meanPairwiseCosine(store.storedVectors(distinct), static_cast<size_t>(store.manifest().dimension));
    std::vector<std::string> texts;
    for (const int64_t id : distinct) texts.push_back(store.sequence(id).text);
    redundancy.duplicate_groups = nearDuplicateGroups(texts);
    return redundancy;
}

}  // namespace hullft
