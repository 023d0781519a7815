#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/bench_row.h"
#include "bench/confidence_interval.h"
#include "bench/mechanism_summary.h"

namespace hullft {

// The pooled row of the summary, over every query of every domain.
inline const std::string kAllDomains = "all domains";

// Mean BPB of one method at one N over one domain's queries (or all of them).
struct SummaryCell {
    std::string domain;
    std::string method;
    int n = 0;        // the N compared at; `base` does not depend on it
    int queries = 0;
    double mean_bpb = 0.0;
    // Relative change against kNN at the same N, in percent: the mean over queries of
    // 100 (BPB - BPB_kNN) / BPB_kNN with its paired 95% t-interval. Empty for kNN itself
    // and when kNN was not run.
    std::optional<MeanInterval> vs_knn_percent;
};

// Mean cost of one method at one N over every run (`base`: n = 0, once per query).
struct TimingCell {
    std::string method;
    int n = 0;
    int runs = 0;
    double selection_seconds = 0.0, finetune_seconds = 0.0, eval_seconds = 0.0, total_seconds = 0.0;
    double computed_steps = 0.0, reused_steps = 0.0;
};

struct BenchSummary {
    std::string bpb_rule;  // which tokens BPB scored: "full" or "reference" (the protocol's bpb_rule)
    std::vector<std::string> domains;  // in the order of the rows, then kAllDomains
    std::vector<std::string> methods;
    std::vector<int> ns;
    std::vector<SummaryCell> cells;
    std::vector<TimingCell> timings;
    std::vector<MechanismPoint> mechanism_points;  // kNN's redundancy beside HullFT's gain, per query and N
    std::vector<MechanismCell> mechanism;          // per N; empty unless both kNN and HullFT ran

    const SummaryCell* cell(const std::string& domain, const std::string& method, int n) const;
    const TimingCell* timing(const std::string& method, int n) const;
};

// Summarises the rows of `methods` (methodName()s) at `ns`, whose BPB was scored under `bpbRule`;
// rows of other methods or Ns are ignored.
BenchSummary summarizeBench(const std::vector<BenchRow>& rows, const std::vector<std::string>& methods,
                            const std::vector<int>& ns, const std::string& bpbRule);

// A Markdown table ready to paste into BENCHMARKS.md (BPB and change vs kNN, then timings).
std::string summaryMarkdown(const BenchSummary& summary);
std::string summaryJson(const BenchSummary& summary);

}  // namespace hullft
