#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "bench/bench_queries.h"
#include "pipeline/method.h"
#include "pipeline/pipeline_settings.h"

namespace hullft {

class BenchResultsFile;
class CancellationToken;
class PipelineObserver;
class QueryPipeline;

// One planned run: a query (index into the query list), a method and an N (0 for `base`).
struct BenchRun {
    size_t query = 0;
    Method method = Method::Base;
    int n = 0;
};

// The protocol's runs, query by query: `base` once, then every other method at every N.
std::vector<BenchRun> planBenchRuns(size_t queries, const std::vector<Method>& methods, const std::vector<int>& ns);

// A run's share of a sweep's work, for ETAs and shard balance: its finetuning steps grow with N,
// and every run also embeds, selects and evaluates the query.
inline double benchRunWork(const BenchRun& run) { return 1.0 + run.n; }

// Whether `results` already holds the row of `run`.
bool benchRunDone(const BenchResultsFile& results, const std::vector<BenchQuery>& queries, const BenchRun& run);

// Runs the planned runs that `results` lacks, in plan order, appending each row as soon as it
// is known (the pipeline restores the base weights between runs). `settings` holds everything
// but the method and N. Checks `stopRequested` between runs; `cancel` aborts the current one.
// Reports one ProgressEvent per run to `progress`, with an ETA from the finetuning steps left,
// and every run's pipeline events to `runEvents` (an audit session's recorder, or an observer that
// ignores them). Returns the number of runs done by this call.
int runBench(QueryPipeline& pipeline, const PipelineSettings& settings, const std::vector<BenchQuery>& queries,
             const std::vector<BenchRun>& plan, BenchResultsFile& results, PipelineObserver& progress,
             PipelineObserver& runEvents, const std::function<bool()>& stopRequested, const CancellationToken& cancel);

}  // namespace hullft
