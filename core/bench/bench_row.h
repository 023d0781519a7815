#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace hullft {

// One run of the benchmark: one query, one method, one N. `base` runs once per query and is
// recorded with n = 0 (it does not depend on N).
struct BenchRow {
    std::string query;   // held-out document id
    std::string domain;
    std::string method;  // methodName()
    int n = 0;
    double bpb = 0.0;        // of the query under the adapted weights (the base ones for `base`)
    double base_bpb = 0.0;
    double selection_seconds = 0.0;
    double finetune_seconds = 0.0;
    double eval_seconds = 0.0;   // BPB of the query under base and adapted weights
    double total_seconds = 0.0;  // the whole query, embedding and preselection included
    int64_t computed_steps = 0;
    int64_t reused_steps = 0;
    // What the run trained on (core/pipeline/selection_redundancy.h): distinct sequences, their mean
    // pairwise cosine (NaN below two, written as an empty field) and near-duplicate groups.
    int64_t distinct = 0;
    double mean_cosine = std::numeric_limits<double>::quiet_NaN();
    int64_t duplicate_groups = 0;
};

// The results CSV's first line.
const std::string& benchCsvHeader();
// One CSV line, no line ending; BPB with 10 decimals, so equal results give equal text.
std::string benchRowToCsv(const BenchRow& row);
// InputError naming `source` (file:line) when the line is not a row of benchCsvHeader()'s shape.
BenchRow benchRowFromCsv(const std::string& line, const std::string& source);

}  // namespace hullft
