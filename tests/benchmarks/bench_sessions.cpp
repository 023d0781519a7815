// Session store costs: recording one realistic query (42 records, one synced transaction
// each), verifying the chain, and exporting HTML.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "html_export.h"
#include "session_fixtures.h"
#include "session_reader.h"

namespace {

using namespace hullft::sessions;

std::string scratchPath(const char* name) {
    return (std::filesystem::temp_directory_path() / name).string();
}

void BM_RecordQuery(benchmark::State& state) {
    const auto events = testing::realisticQuery({});
    const std::string path = scratchPath("bench-record.hullft");
    for (auto _ : state) {
        std::filesystem::remove(path);
        testing::recordSession(path, events);
    }
    state.counters["records_per_s"] = benchmark::Counter(double(events.size() + 1), benchmark::Counter::kIsIterationInvariantRate);
    std::filesystem::remove(path);
}
BENCHMARK(BM_RecordQuery)->Unit(benchmark::kMillisecond)->UseRealTime();

// A session of `range(0)` queries, recorded once per benchmark.
std::string sessionWith(int queries) {
    const std::string path = scratchPath(("bench-" + std::to_string(queries) + ".hullft").c_str());
    std::filesystem::remove(path);
    std::vector<hullft::PipelineEvent> events;
    for (int q = 0; q < queries; ++q)
        for (hullft::PipelineEvent& e : testing::realisticQuery({"q-" + std::to_string(q), "query", unsigned(q + 1), false}))
            events.push_back(std::move(e));
    testing::recordSession(path, events);
    return path;
}

void BM_Verify(benchmark::State& state) {
    const std::string path = sessionWith(int(state.range(0)));
    const SessionReader reader(path);
    for (auto _ : state) benchmark::DoNotOptimize(reader.verify());
    std::filesystem::remove(path);
}
BENCHMARK(BM_Verify)->Arg(1)->Arg(20)->Unit(benchmark::kMillisecond);

void BM_ExportHtml(benchmark::State& state) {
    const std::string path = sessionWith(int(state.range(0)));
    const SessionReader reader(path);
    for (auto _ : state) benchmark::DoNotOptimize(exportHtml(reader));
    std::filesystem::remove(path);
}
BENCHMARK(BM_ExportHtml)->Arg(1)->Arg(20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
