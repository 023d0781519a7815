#include "bench/mechanism_summary.h"

#include <cmath>
#include <map>
#include <utility>

#include "bench/number_format.h"

namespace hullft {
namespace {

using RowKey = std::pair<std::string, int>;  // query, N

std::map<RowKey, const BenchRow*> rowsOf(const std::vector<BenchRow>& rows, const std::string& method) {
    std::map<RowKey, const BenchRow*> found;
    for (const BenchRow& row : rows)
        if (row.method == method) found[{row.query, row.n}] = &row;
    return found;
}

// The mean of the non-NaN values; NaN when there are none.
double meanOf(const std::vector<double>& values) {
    double sum = 0.0;
    int count = 0;
    for (const double value : values)
        if (!std::isnan(value)) sum += value, ++count;
    return count ? sum / count : std::nan("");
}

// "-" for NaN, as in the tables' empty cells.
std::string number(const char* pattern, double value) {
    return std::isnan(value) ? "-" : formatNumber(pattern, value);
}

std::string correlationText(const RankCorrelation& r) {
    if (std::isnan(r.rho)) return "-";
    return number("%+.2f", r.rho) + (std::isnan(r.low) ? "" : " [" + number("%+.2f", r.low) + ", " + number("%+.2f", r.high) + "]");
}

nlohmann::ordered_json correlationJson(const RankCorrelation& r) {
    return {{"rho", r.rho}, {"ci95_low", r.low}, {"ci95_high", r.high}, {"pairs", r.count}};
}

}  // namespace

std::vector<MechanismPoint> mechanismPoints(const std::vector<BenchRow>& rows, const std::vector<int>& ns) {
    const auto knn = rowsOf(rows, "knn"), hullft = rowsOf(rows, "hullft");
    std::vector<MechanismPoint> points;
    for (const int n : ns)
        for (const BenchRow& row : rows) {
            if (row.method != "knn" || row.n != n) continue;
            const auto other = hullft.find({row.query, n});
            if (other == hullft.end()) continue;
            points.push_back({row.query, row.domain, n, row.mean_cosine, static_cast<int>(row.duplicate_groups),
                              100.0 * (row.bpb - other->second->bpb) / row.bpb});
        }
    return points;
}

std::vector<MechanismCell> summarizeMechanism(const std::vector<MechanismPoint>& points, const std::vector<BenchRow>& rows,
                                              const std::vector<int>& ns) {
    const auto hullft = rowsOf(rows, "hullft");
    std::vector<MechanismCell> cells;
    for (const int n : ns) {
        std::vector<double> knnCosine, knnGroups, gain, hullftCosine, hullftGroups, hullftDistinct;
        for (const MechanismPoint& point : points) {
            if (point.n != n) continue;
            const BenchRow& other = *hullft.at({point.query, n});
            knnCosine.push_back(point.knn_mean_cosine);
            knnGroups.push_back(point.knn_duplicate_groups);
            gain.push_back(point.hullft_gain_percent);
            hullftCosine.push_back(other.mean_cosine);
            hullftGroups.push_back(static_cast<double>(other.duplicate_groups));
            hullftDistinct.push_back(static_cast<double>(other.distinct));
        }
        if (gain.empty()) continue;
        cells.push_back({n, static_cast<int>(gain.size()), meanOf(knnCosine), meanOf(hullftCosine), meanOf(knnGroups),
                         meanOf(hullftGroups), meanOf(hullftDistinct), spearman(knnCosine, gain), spearman(knnGroups, gain)});
    }
    return cells;
}

std::string mechanismMarkdown(const std::vector<MechanismCell>& cells) {
    if (cells.empty()) return "";
    std::string table =
        "Redundancy of what each method trained on, against HullFT's gain over kNN (100 (BPB_kNN - BPB_HullFT) / BPB_kNN "
        "per query). Mean cosine: over pairs of the distinct sequences' stored embeddings; duplicate groups: groups of "
        "near-duplicate texts (byte 8-gram Jaccard >= 0.5). rho: Spearman's rank correlation over queries with its 95% "
        "interval (Fisher z); the paper's account predicts rho > 0.\n\n"
        "| N | queries | kNN mean cosine | HullFT mean cosine | kNN duplicate groups | HullFT duplicate groups | HullFT distinct | "
        "rho(kNN cosine, gain) | rho(kNN duplicate groups, gain) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const MechanismCell& c : cells)
        table += "| " + std::to_string(c.n) + " | " + std::to_string(c.queries) + " | " + number("%.4f", c.knn_mean_cosine) + " | " +
                 number("%.4f", c.hullft_mean_cosine) + " | " + number("%.2f", c.knn_duplicate_groups) + " | " +
                 number("%.2f", c.hullft_duplicate_groups) + " | " + number("%.1f", c.hullft_distinct) + " | " +
                 correlationText(c.cosine_vs_gain) + " | " + correlationText(c.duplicates_vs_gain) + " |\n";
    return table;
}

nlohmann::ordered_json mechanismJson(const std::vector<MechanismCell>& cells) {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const MechanismCell& c : cells)
        json.push_back({{"n", c.n},
                        {"queries", c.queries},
                        {"knn_mean_cosine", c.knn_mean_cosine},
                        {"hullft_mean_cosine", c.hullft_mean_cosine},
                        {"knn_duplicate_groups", c.knn_duplicate_groups},
                        {"hullft_duplicate_groups", c.hullft_duplicate_groups},
                        {"hullft_distinct", c.hullft_distinct},
                        {"spearman_knn_cosine_vs_gain", correlationJson(c.cosine_vs_gain)},
                        {"spearman_knn_duplicate_groups_vs_gain", correlationJson(c.duplicates_vs_gain)}});
    return json;
}

}  // namespace hullft
