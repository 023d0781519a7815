#include "train/byte_corpus.h"

#include <algorithm>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace hullft {

namespace {

std::string domainOf(const nlohmann::json& record) {
    if (record.contains("domain") && record["domain"].is_string()) return record["domain"].get<std::string>();
    if (record.contains("meta") && record["meta"].is_object() && record["meta"].contains("pile_set_name") &&
        record["meta"]["pile_set_name"].is_string())
        return record["meta"]["pile_set_name"].get<std::string>();
    return "unknown";
}

}  // namespace

ByteCorpus ByteCorpus::fromJsonl(const std::string& path, const std::vector<std::string>& excludedDomains,
                                 int64_t endOfTextId) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open file for reading");
    ByteCorpus corpus;
    std::vector<int16_t> stream;
    std::string line;
    int64_t lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty()) continue;
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error&) {
            throw InputError(path, "line " + std::to_string(lineNumber) + " is not valid JSON");
        }
        if (!record.is_object() || !record.contains("text") || !record["text"].is_string())
            throw InputError(path, "line " + std::to_string(lineNumber) + " has no string field 'text'");
        const std::string domain = domainOf(record);
        if (std::find(excludedDomains.begin(), excludedDomains.end(), domain) != excludedDomains.end()) continue;
        const std::string& text = record["text"].get_ref<const std::string&>();
        stream.reserve(stream.size() + text.size() + 1);
        for (const unsigned char byte : text) stream.push_back(static_cast<int16_t>(byte));
        stream.push_back(static_cast<int16_t>(endOfTextId));
        corpus.bytesPerDomain_[domain] += static_cast<int64_t>(text.size());
        ++corpus.documents_;
    }
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
