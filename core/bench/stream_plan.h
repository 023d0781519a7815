#pragma once

#include <string>
#include <vector>

#include "bench/bench_queries.h"

namespace hullft {

// One query of a stream: a held-out document and how often its domain has been gone through.
struct StreamQuery {
    BenchQuery query;
    int pass = 1;  // 1 on the first pass through the domain's documents, 2 once it has cycled, ...
};

// `count` queries from the held-out split `testSplit`, alternating between domains round-robin:
// domains in ascending name order (all of the split's, or those of `domains`), each domain's
// documents in id order, starting again from its first when they run out (core/bench/README.md,
// "Query streams"). InputError as selectBenchQueries().
std::vector<StreamQuery> planQueryStream(const std::string& testSplit, int count,
                                         const std::vector<std::string>& domains);

}  // namespace hullft
