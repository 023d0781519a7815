#include "bench/bench_summary.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "bench/number_format.h"
#include "bench/summary_json.h"

namespace hullft {

namespace {

using RunKey = std::tuple<std::string, std::string, int>;  // query, method, n

int rowN(const std::string& method, int n) { return method == "base" ? 0 : n; }

struct RowIndex {
    std::map<RunKey, const BenchRow*> byRun;
    std::map<std::string, std::vector<std::string>> queriesByDomain;  // in row order

    explicit RowIndex(const std::vector<BenchRow>& rows) {
        for (const BenchRow& row : rows) {
            byRun.emplace(RunKey{row.query, row.method, row.n}, &row);
            auto& queries = queriesByDomain[row.domain];
            if (std::find(queries.begin(), queries.end(), row.query) == queries.end()) queries.push_back(row.query);
        }
    }
    const BenchRow* find(const std::string& query, const std::string& method, int n) const {
        const auto it = byRun.find({query, method, rowN(method, n)});
        return it == byRun.end() ? nullptr : it->second;
    }
};

SummaryCell summarizeCell(const RowIndex& index, const std::string& domain, const std::vector<std::string>& queries,
                          const std::string& method, int n, bool knnRan) {
    SummaryCell cell{domain, method, n, 0, 0.0, std::nullopt};
    std::vector<double> bpbs, changes;
    for (const std::string& query : queries) {
        const BenchRow* row = index.find(query, method, n);
        if (!row) continue;
        bpbs.push_back(row->bpb);
        const BenchRow* knn = index.find(query, "knn", n);
        if (knn) changes.push_back(100.0 * (row->bpb - knn->bpb) / knn->bpb);
    }
    cell.queries = static_cast<int>(bpbs.size());
    cell.mean_bpb = meanWithInterval95(bpbs).mean;
    if (knnRan && method != "knn") cell.vs_knn_percent = meanWithInterval95(changes);
    return cell;
}

TimingCell summarizeTiming(const std::vector<BenchRow>& rows, const std::string& method, int n) {
    TimingCell timing{method, n, 0, 0, 0, 0, 0, 0, 0};
    for (const BenchRow& row : rows) {
        if (row.method != method || row.n != n) continue;
        ++timing.runs;
        timing.selection_seconds += row.selection_seconds;
        timing.finetune_seconds += row.finetune_seconds;
        timing.eval_seconds += row.eval_seconds;
        timing.total_seconds += row.total_seconds;
        timing.computed_steps += static_cast<double>(row.computed_steps);
        timing.reused_steps += static_cast<double>(row.reused_steps);
    }
    const double runs = std::max(1, timing.runs);
    for (double* value : {&timing.selection_seconds, &timing.finetune_seconds, &timing.eval_seconds,
                          &timing.total_seconds, &timing.computed_steps, &timing.reused_steps})
        *value /= runs;
    return timing;
}

std::string changeText(const std::optional<MeanInterval>& change) {
    if (!change || change->count == 0) return "";
    std::string text = formatNumber("%+.2f%%", change->mean);
    if (std::isnan(change->low)) return text + " (1 query)";
    return text + " [" + formatNumber("%+.2f", change->low) + ", " + formatNumber("%+.2f", change->high) + "]";
}

std::string bpbTable(const BenchSummary& summary) {
    const bool knnRan = std::count(summary.methods.begin(), summary.methods.end(), "knn") > 0;
    std::string header = "| domain | N | queries |", rule = "|---|---:|---:|";
    for (const std::string& method : summary.methods) header += " " + method + " |", rule += "---:|";
    for (const std::string& method : summary.methods)
        if (knnRan && method != "knn") header += " " + method + " vs knn |", rule += "---:|";
    std::string table = header + "\n" + rule + "\n";
    for (const std::string& domain : summary.domains) {
        for (const int n : summary.ns) {
            int queries = 0;
            std::string bpbs, changes;
            for (const std::string& method : summary.methods) {
                const SummaryCell* cell = summary.cell(domain, method, n);
                queries = std::max(queries, cell->queries);
                bpbs += " " + (cell->queries ? formatNumber("%.4f", cell->mean_bpb) : std::string("-")) + " |";
                if (knnRan && method != "knn") changes += " " + changeText(cell->vs_knn_percent) + " |";
            }
            const std::string name = domain == kAllDomains ? "**" + domain + "**" : domain;
            table += "| " + name + " | " + std::to_string(n) + " | " + std::to_string(queries) + " |" + bpbs + changes + "\n";
        }
    }
    return table;
}

std::string timingTable(const BenchSummary& summary) {
    std::string table = "| method | N | runs | selection s | finetune s | eval s | total s | computed steps | reused steps |\n"
                        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const TimingCell& t : summary.timings)
        table += "| " + t.method + " | " + (t.method == "base" ? std::string("-") : std::to_string(t.n)) + " | " +
                 std::to_string(t.runs) + " | " + formatNumber("%.4f", t.selection_seconds) + " | " +
                 formatNumber("%.2f", t.finetune_seconds) + " | " + formatNumber("%.2f", t.eval_seconds) + " | " +
                 formatNumber("%.2f", t.total_seconds) + " | " + formatNumber("%.1f", t.computed_steps) + " | " +
                 formatNumber("%.1f", t.reused_steps) + " |\n";
    return table;
}

}  // namespace

const SummaryCell* BenchSummary::cell(const std::string& domain, const std::string& method, int n) const {
    for (const SummaryCell& c : cells)
        if (c.domain == domain && c.method == method && c.n == n) return &c;
    return nullptr;
}

const TimingCell* BenchSummary::timing(const std::string& method, int n) const {
    for (const TimingCell& t : timings)
        if (t.method == method && t.n == rowN(method, n)) return &t;
    return nullptr;
}

BenchSummary summarizeBench(const std::vector<BenchRow>& rows, const std::vector<std::string>& methods,
                            const std::vector<int>& ns, const std::string& bpbRule) {
    BenchSummary summary;
    summary.bpb_rule = bpbRule;
    summary.methods = methods;
    summary.ns = ns;
    const RowIndex index(rows);
    std::vector<std::string> allQueries;
    for (const BenchRow& row : rows) {
        if (std::find(summary.domains.begin(), summary.domains.end(), row.domain) == summary.domains.end())
            summary.domains.push_back(row.domain);
    }
    for (const std::string& domain : summary.domains) {
        const auto& queries = index.queriesByDomain.at(domain);
        allQueries.insert(allQueries.end(), queries.begin(), queries.end());
    }
    summary.domains.push_back(kAllDomains);
    const bool knnRan = std::count(methods.begin(), methods.end(), "knn") > 0;
    for (const std::string& domain : summary.domains) {
        const auto& queries = domain == kAllDomains ? allQueries : index.queriesByDomain.at(domain);
        for (const int n : ns)
            for (const std::string& method : methods)
                summary.cells.push_back(summarizeCell(index, domain, queries, method, n, knnRan));
    }
    for (const std::string& method : methods) {
        if (method == "base") summary.timings.push_back(summarizeTiming(rows, method, 0));
        else
            for (const int n : ns) summary.timings.push_back(summarizeTiming(rows, method, n));
    }
    summary.mechanism_points = mechanismPoints(rows, ns);
    summary.mechanism = summarizeMechanism(summary.mechanism_points, rows, ns);
    return summary;
}

std::string summaryMarkdown(const BenchSummary& summary) {
    return "Mean BPB of the held-out queries (lower is better; BPB rule: " + summary.bpb_rule +
           "). \"vs knn\": the mean over queries of "
           "100 (BPB - BPB_kNN) / BPB_kNN at the same N, with its 95% confidence interval (paired Student-t "
           "interval over queries). `base` does not depend on N.\n\n" +
           bpbTable(summary) + "\nMean time per run (seconds) and finetuning steps:\n\n" + timingTable(summary) +
           (summary.mechanism.empty() ? "" : "\n" + mechanismMarkdown(summary.mechanism));
}

std::string summaryJson(const BenchSummary& summary) {
    nlohmann::ordered_json cells = nlohmann::ordered_json::array(), timings = nlohmann::ordered_json::array();
    for (const SummaryCell& c : summary.cells) {
        nlohmann::ordered_json cell = {{"domain", c.domain}, {"method", c.method}, {"n", c.n},
                                       {"queries", c.queries}, {"mean_bpb", c.mean_bpb}};
        if (c.vs_knn_percent)
            cell["vs_knn_percent"] = {{"mean", c.vs_knn_percent->mean}, {"ci95_low", c.vs_knn_percent->low},
                                      {"ci95_high", c.vs_knn_percent->high}, {"queries", c.vs_knn_percent->count}};
        cells.push_back(cell);
    }
    for (const TimingCell& t : summary.timings)
        timings.push_back({{"method", t.method}, {"n", t.n}, {"runs", t.runs}, {"selection_s", t.selection_seconds},
                           {"finetune_s", t.finetune_seconds}, {"eval_s", t.eval_seconds}, {"total_s", t.total_seconds},
                           {"computed_steps", t.computed_steps}, {"reused_steps", t.reused_steps}});
    return summaryJsonText(
        nlohmann::ordered_json{{"bpb_rule", summary.bpb_rule},
                                  {"confidence_interval", "95%, paired Student-t over queries of the relative change vs knn"},
                                  {"domains", summary.domains}, {"methods", summary.methods}, {"ns", summary.ns},
                                  {"cells", cells}, {"timings", timings}, {"mechanism", mechanismJson(summary.mechanism)}},
        "summary.json");
}

}  // namespace hullft
