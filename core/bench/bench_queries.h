#pragma once

#include <string>
#include <vector>

namespace hullft {

// A held-out test document used as a benchmark query.
struct BenchQuery {
    std::string id;      // the document id
    std::string domain;
    std::string text;    // queryPrefix() of the document
};

// The paper's protocol on a held-out split (core/bench/README.md, "Query plan"): for each
// domain, in ascending name order, the first `perDomain` documents by id (fewer when the
// domain has fewer). `domains` empty means every domain of the split; a domain the split
// lacks is an InputError naming "--domains". InputError naming `testSplit` when it holds no
// usable document.
std::vector<BenchQuery> selectBenchQueries(const std::string& testSplit, int perDomain,
                                           const std::vector<std::string>& domains);

}  // namespace hullft
