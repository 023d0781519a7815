#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/stream_row.h"

namespace hullft {

// What a stream ran with, as its summary reports it.
struct StreamSetup {
    std::string method;
    int n = 0, k = 0, r = 0;
    std::string bpb_rule = "full";  // which tokens the BPBs score (core/eval/README.md)
    std::string device;        // "cpu", "cuda:0"
    std::string precision;     // "fp32", "bf16"
    std::string model, store;  // folders
    int planned_queries = 0;
    std::vector<std::string> domains;  // in stream order
    double peak_resident_mb = 0.0;     // the process's resident peak (VmHWM) when the stream ended
};

// Nearest-rank percentiles (nearestRankPercentile()) of one stage's seconds over the queries.
struct StagePercentiles {
    std::string stage;  // a kStreamStages name
    double p50 = 0.0, p95 = 0.0, p99 = 0.0, mean = 0.0, max = 0.0;
};

// The largest and the median (nearest rank) of one per-query byte count.
struct BytesStatistics {
    int64_t max = 0;
    int64_t p50 = 0;
};

struct StreamDomainCell {
    std::string domain;
    int queries = 0;
    int repeats = 0;  // queries of a document already asked (pass > 1)
    double total_p50 = 0.0, total_p95 = 0.0, finetune_mean = 0.0;
    int64_t computed_steps = 0, reused_steps = 0;
    double cache_hit_rate = 0.0;  // NaN without finetuning steps
    double mean_base_bpb = 0.0, mean_bpb = 0.0;
};

struct StreamSummary {
    StreamSetup setup;
    int queries = 0;                         // finished, hence rows
    int repeated_queries = 0;                // rows with pass > 1
    std::vector<StagePercentiles> stages;    // kStreamStages order
    double first_query_seconds = 0.0;        // the first query's total: one-time costs land there
    int64_t computed_steps = 0;              // gradient reconstructions
    int64_t reused_steps = 0;                // gradient-cache hits
    double cache_hit_rate = 0.0;             // reused / (computed + reused); NaN without steps
    double reconstructions_per_query = 0.0;  // mean computed steps
    int64_t max_reconstructions = 0;         // most computed steps of one query
    BytesStatistics gradient_bytes, cache_bytes;
    std::optional<BytesStatistics> gpu_finetune_peak_bytes;  // CUDA only
    std::vector<StreamDomainCell> domains;                   // in setup.domains order
};

// Summarises `rows` (core/bench/README.md, "Query streams"); no rows give zero counts and NaN
// statistics.
StreamSummary summarizeStream(const std::vector<StreamRow>& rows, const StreamSetup& setup);

// stream_summary.md: the setup, the stage percentiles, steps and cache, memory, per-domain table.
std::string streamSummaryMarkdown(const StreamSummary& summary);
// stream_summary.json: the same numbers (NaN as null).
std::string streamSummaryJson(const StreamSummary& summary);

}  // namespace hullft
