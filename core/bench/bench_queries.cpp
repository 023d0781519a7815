#include "bench/bench_queries.h"

#include <algorithm>
#include <map>

#include "common/errors.h"
#include "corpus/document_jsonl.h"
#include "pipeline/query_text.h"

namespace hullft {

namespace {

std::string joined(const std::map<std::string, std::vector<BenchQuery>>& byDomain) {
    std::string names;
    for (const auto& [domain, queries] : byDomain) names += (names.empty() ? "" : ", ") + domain;
    return names;
}

}  // namespace

std::vector<BenchQuery> selectBenchQueries(const std::string& testSplit, int perDomain,
                                           const std::vector<std::string>& domains) {
    std::map<std::string, std::vector<BenchQuery>> byDomain;
    std::vector<JsonlIssue> issues;
    readDocumentsJsonl(testSplit, "unknown", [&](Document&& document) {
        byDomain[document.domain].push_back({document.id, document.domain, queryPrefix(document.text)});
    }, issues);
    if (byDomain.empty()) throw InputError(testSplit, "holds no held-out test documents");
    for (const std::string& domain : domains)
        if (byDomain.count(domain) == 0)
            throw InputError("--domains", "the test split has no domain '" + domain + "' (it has " + joined(byDomain) + ")");

    std::vector<BenchQuery> queries;
    for (auto& [domain, documents] : byDomain) {
        if (!domains.empty() && std::find(domains.begin(), domains.end(), domain) == domains.end()) continue;
        std::sort(documents.begin(), documents.end(), [](const BenchQuery& a, const BenchQuery& b) { return a.id < b.id; });
        const size_t count = std::min(documents.size(), static_cast<size_t>(perDomain));
        queries.insert(queries.end(), documents.begin(), documents.begin() + static_cast<std::ptrdiff_t>(count));
    }
    return queries;
}

}  // namespace hullft
