#include "train/byte_corpus.h"

#include <algorithm>
#include <random>

#include "common/errors.h"
#include "corpus/document_jsonl.h"

namespace hullft {

ByteCorpus ByteCorpus::fromJsonl(const std::string& path, const std::vector<std::string>& excludedDomains,
                                 int64_t endOfTextId) {
    ByteCorpus corpus;
    std::vector<int16_t> stream;
    std::vector<JsonlIssue> issues;
    readDocumentsJsonl(path, "unknown", [&](Document&& document) {
        if (std::find(excludedDomains.begin(), excludedDomains.end(), document.domain) != excludedDomains.end()) return;
        stream.reserve(stream.size() + document.text.size() + 1);
        for (const unsigned char byte : document.text) stream.push_back(static_cast<int16_t>(byte));
        stream.push_back(static_cast<int16_t>(endOfTextId));
        corpus.bytesPerDomain_[document.domain] += static_cast<int64_t>(document.text.size());
        ++corpus.documents_;
    }, issues);
    if (!issues.empty())
        throw InputError(path, "line " + std::to_string(issues.front().line) + ": " + issues.front().problem);
    if (stream.size() < 2) throw InputError(path, "no training text left after excluding held-out domains");
    corpus.tokens_ = torch::from_blob(stream.data(), {static_cast<int64_t>(stream.size())}, torch::kInt16).clone();
    return corpus;
}

torch::Tensor ByteCorpus::sampleWindows(int batchSize, int length, uint64_t seed) const {
    const int64_t span = std::max<int64_t>(1, tokenCount() - length - 1);
    std::mt19937_64 generator(seed);
    std::uniform_int_distribution<int64_t> offset(0, span - 1);
    const int64_t window = std::min<int64_t>(length + 1, tokenCount());
    auto batch = torch::empty({batchSize, window}, torch::kInt64);
    for (int row = 0; row < batchSize; ++row)
        batch[row].copy_(tokens_.narrow(0, offset(generator), window));
    return batch;
}

}  // namespace hullft
