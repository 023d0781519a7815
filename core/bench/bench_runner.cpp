#include "bench/bench_runner.h"

#include <chrono>

#include "bench/bench_results_file.h"
#include "pipeline/selection_redundancy.h"
#include "common/cancellation.h"
#include "events/observer.h"
#include "pipeline/query_pipeline.h"

namespace hullft {

namespace {

double stageSeconds(const QueryResult& result, const std::string& stage) {
    const auto it = result.stage_seconds.find(stage);
    return it == result.stage_seconds.end() ? 0.0 : it->second;
}

BenchRow rowOf(const BenchQuery& query, const BenchRun& run, const QueryResult& result, const Store& store) {
    BenchRow row;
    row.query = query.id;
    row.domain = query.domain;
    row.method = methodName(run.method);
    row.n = run.n;
    row.bpb = result.evaluation.adapted_bpb;
    row.base_bpb = result.evaluation.base_bpb;
    row.selection_seconds = stageSeconds(result, "select");
    row.finetune_seconds = stageSeconds(result, "finetune");
    row.eval_seconds = stageSeconds(result, "evaluate");
    row.total_seconds = result.total_seconds;
    if (result.finetune) {
        row.computed_steps = result.finetune->computed_steps;
        row.reused_steps = result.finetune->reused_steps;
    }
    const SelectionRedundancy redundancy = measureSelectionRedundancy(store, result.training_order);
    row.distinct = redundancy.distinct;
    row.mean_cosine = redundancy.mean_cosine;
    row.duplicate_groups = redundancy.duplicate_groups;
    return row;
}

}  // namespace

std::vector<BenchRun> planBenchRuns(size_t queries, const std::vector<Method>& methods, const std::vector<int>& ns) {
    std::vector<BenchRun> plan;
    for (size_t query = 0; query < queries; ++query) {
        for (const Method method : methods) {
            if (method == Method::Base) plan.push_back({query, method, 0});
            else
                for (const int n : ns) plan.push_back({query, method, n});
        }
    }
    return plan;
}

bool benchRunDone(const BenchResultsFile& results, const std::vector<BenchQuery>& queries, const BenchRun& run) {
    const std::string method = methodName(run.method);
    for (const BenchRow& row : results.rows())
        if (row.query == queries[run.query].id && row.method == method && row.n == run.n) return true;
    return false;
}

int runBench(QueryPipeline& pipeline, const PipelineSettings& settings, const std::vector<BenchQuery>& queries,
             const std::vector<BenchRun>& plan, BenchResultsFile& results, PipelineObserver& progress,
             PipelineObserver& runEvents, const std::function<bool()>& stopRequested, const CancellationToken& cancel) {
    std::vector<const BenchRun*> todo;
    double workLeft = 0.0;
    for (const BenchRun& run : plan) {
        if (benchRunDone(results, queries, run)) continue;
        todo.push_back(&run);
        workLeft += benchRunWork(run);
    }
    const auto started = std::chrono::steady_clock::now();
    const int64_t alreadyDone = static_cast<int64_t>(plan.size() - todo.size());
    double workDone = 0.0;
    int done = 0;
    for (const BenchRun* run : todo) {
        if (stopRequested()) break;
        const BenchQuery& query = queries[run->query];
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double eta = workDone > 0 ? elapsed / workDone * workLeft : -1.0;
        const std::string label = query.domain + " " + methodName(run->method) + (run->n ? " N=" + std::to_string(run->n) : "");
        progress.onProgress({label, alreadyDone + done, static_cast<int64_t>(plan.size()), elapsed, eta});

        PipelineSettings runSettings = settings;
        runSettings.method = run->method;
        runSettings.n = run->method == Method::Base ? 1 : run->n;  // base selects nothing
        const QueryResult result = pipeline.run(query.id, query.text, runSettings, runEvents, cancel);
        results.append(rowOf(query, *run, result, pipeline.store()));
        ++done;
        workDone += benchRunWork(*run);
        workLeft -= benchRunWork(*run);
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.onProgress({"bench", alreadyDone + done, static_cast<int64_t>(plan.size()), elapsed, 0.0});
    return done;
}

}  // namespace hullft
