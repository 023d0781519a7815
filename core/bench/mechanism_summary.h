#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_row.h"
#include "bench/rank_correlation.h"

namespace hullft {

// One query at one N where both kNN and HullFT ran: kNN's redundancy beside HullFT's gain.
struct MechanismPoint {
    std::string query, domain;
    int n = 0;
    double knn_mean_cosine = 0.0;
    int knn_duplicate_groups = 0;
    // 100 (BPB_kNN - BPB_HullFT) / BPB_kNN: positive when HullFT predicts the query better.
    double hullft_gain_percent = 0.0;
};

// Does kNN's redundancy predict HullFT's gain over kNN? One cell per N, over every query.
struct MechanismCell {
    int n = 0;
    int queries = 0;  // with both rows
    // Means over those queries (mean cosine: over those with at least two distinct sequences).
    double knn_mean_cosine = 0.0, hullft_mean_cosine = 0.0;
    double knn_duplicate_groups = 0.0, hullft_duplicate_groups = 0.0;
    double hullft_distinct = 0.0;
    RankCorrelation cosine_vs_gain;      // kNN's mean cosine against HullFT's gain
    RankCorrelation duplicates_vs_gain;  // kNN's duplicate groups against HullFT's gain
};

std::vector<MechanismPoint> mechanismPoints(const std::vector<BenchRow>& rows, const std::vector<int>& ns);
// Empty when kNN or HullFT was not run.
std::vector<MechanismCell> summarizeMechanism(const std::vector<MechanismPoint>& points, const std::vector<BenchRow>& rows,
                                              const std::vector<int>& ns);

// A Markdown section (empty without cells) and its JSON.
std::string mechanismMarkdown(const std::vector<MechanismCell>& cells);
nlohmann::ordered_json mechanismJson(const std::vector<MechanismCell>& cells);

}  // namespace hullft
