#include "bench/stream_plan.h"

namespace hullft {

std::vector<StreamQuery> planQueryStream(const std::string& testSplit, int count,
                                         const std::vector<std::string>& domains) {
    // No domain needs more than `count` documents; selectBenchQueries() groups them by domain in name order.
    std::vector<std::vector<BenchQuery>> byDomain;
    for (BenchQuery& query : selectBenchQueries(testSplit, count, domains)) {
        if (byDomain.empty() || byDomain.back().front().domain != query.domain) byDomain.emplace_back();
        byDomain.back().push_back(std::move(query));
    }
    std::vector<StreamQuery> stream;
    for (int position = 0; position < count; ++position) {
        const auto& documents = byDomain[static_cast<size_t>(position) % byDomain.size()];
        const size_t turn = static_cast<size_t>(position) / byDomain.size();  // this domain's turn, from 0
        stream.push_back({documents[turn % documents.size()], static_cast<int>(turn / documents.size()) + 1});
    }
    return stream;
}

}  // namespace hullft
