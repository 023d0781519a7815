#include "eval/corpus_bpb.h"

#include <algorithm>
#include <cmath>

#include "common/cancellation.h"
#include "common/errors.h"
#include "corpus/document_jsonl.h"
#include "eval/bpb.h"
#include "model/language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft {

namespace {

void readSplit(const std::string& path, const std::function<void(Document&&)>& sink) {
    std::vector<JsonlIssue> issues;
    readDocumentsJsonl(path, "unknown", sink, issues);
    if (!issues.empty())
        throw InputError(path, "line " + std::to_string(issues.front().line) + ": " + issues.front().problem);
}

}  // namespace

std::map<std::string, DomainBits> corpusBitsPerByte(LanguageModel& model, const Tokenizer& tokenizer,
                                                    const std::string& jsonlPath, BpbRule rule,
                                                    const CancellationToken* cancel) {
    std::map<std::string, DomainBits> domains;
    readSplit(jsonlPath, [&](Document&& document) {
        if (cancel) cancel->throwIfCancelled();
        const std::vector<int64_t> ids = tokenizer.encode(document.text);
        DomainBits& domain = domains[document.domain];
        ++domain.documents;
        domain.bytes += static_cast<int64_t>(document.text.size());
        if (ids.size() < 2) return;  // nothing to predict; its bytes still count
        const BitsPerByte scored = bitsPerByte(model, ids, static_cast<int64_t>(document.text.size()), rule);
        for (const double loss : scored.tokenLosses) domain.bits += loss / std::log(2.0);
    });
    return domains;
}

std::map<std::string, DomainBits> unigramBitsPerByte(const Tokenizer& tokenizer, const std::string& trainJsonlPath,
                                                     const std::vector<std::string>& excludedDomains,
                                                     const std::string& testJsonlPath) {
    std::vector<double> counts(static_cast<size_t>(tokenizer.vocabSize()), 1.0);  // add-one smoothing
    double total = static_cast<double>(counts.size());
    readSplit(trainJsonlPath, [&](Document&& document) {
        if (std::find(excludedDomains.begin(), excludedDomains.end(), document.domain) != excludedDomains.end()) return;
        for (const int64_t id : tokenizer.encode(document.text)) {
            counts[static_cast<size_t>(id)] += 1.0;
            total += 1.0;
        }
    });
    std::map<std::string, DomainBits> domains;
    readSplit(testJsonlPath, [&](Document&& document) {
        DomainBits& domain = domains[document.domain];
        ++domain.documents;
        domain.bytes += static_cast<int64_t>(document.text.size());
        for (const int64_t id : tokenizer.encode(document.text))
            domain.bits -= std::log2(counts[static_cast<size_t>(id)] / total);
    });
    return domains;
}

}  // namespace hullft
