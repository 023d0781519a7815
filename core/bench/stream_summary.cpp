#include "bench/stream_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <nlohmann/json.hpp>

#include "bench/number_format.h"
#include "bench/percentile.h"
#include "bench/summary_json.h"

namespace hullft {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMebibyte = 1024.0 * 1024.0;

double mean(const std::vector<double>& values) {
    return values.empty()
               ? kNaN
               : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double hitRate(int64_t computed, int64_t reused) {
    return computed + reused == 0 ? kNaN
                                  : static_cast<double>(reused) / static_cast<double>(computed + reused);
}

// One value per row, in row order.
template <typename Value>
std::vector<double> column(const std::vector<const StreamRow*>& rows, Value value) {
    std::vector<double> values;
    for (const StreamRow* row : rows) values.push_back(static_cast<double>(value(*row)));
    return values;
}

StagePercentiles stagePercentiles(const std::vector<const StreamRow*>& rows, size_t stage) {
    const std::vector<double> seconds =
        column(rows, [stage](const StreamRow& row) { return row.seconds[stage]; });
    return {kStreamStages[stage],
            nearestRankPercentile(seconds, 50),
            nearestRankPercentile(seconds, 95),
            nearestRankPercentile(seconds, 99),
            mean(seconds),
            nearestRankPercentile(seconds, 100)};
}

BytesStatistics bytesStatistics(const std::vector<double>& bytes) {
    if (bytes.empty()) return {};
    return {static_cast<int64_t>(nearestRankPercentile(bytes, 100)),
            static_cast<int64_t>(nearestRankPercentile(bytes, 50))};
}

StreamDomainCell domainCell(const std::string& domain, const std::vector<const StreamRow*>& all) {
    std::vector<const StreamRow*> rows;
    std::copy_if(all.begin(), all.end(), std::back_inserter(rows),
                 [&](const StreamRow* row) { return row->domain == domain; });
    StreamDomainCell cell;
    cell.domain = domain;
    cell.queries = static_cast<int>(rows.size());
    const std::vector<double> totals =
        column(rows, [](const StreamRow& row) { return row.seconds[streamStageIndex("total")]; });
    cell.total_p50 = nearestRankPercentile(totals, 50);
    cell.total_p95 = nearestRankPercentile(totals, 95);
    cell.finetune_mean =
        mean(column(rows, [](const StreamRow& row) { return row.seconds[streamStageIndex("finetune")]; }));
    for (const StreamRow* row : rows) {
        cell.repeats += row->pass > 1 ? 1 : 0;
        cell.computed_steps += row->computed_steps;
        cell.reused_steps += row->reused_steps;
    }
    cell.cache_hit_rate = hitRate(cell.computed_steps, cell.reused_steps);
    cell.mean_base_bpb = mean(column(rows, [](const StreamRow& row) { return row.base_bpb; }));
    cell.mean_bpb = mean(column(rows, [](const StreamRow& row) { return row.bpb; }));
    return cell;
}

// "-" for NaN (a statistic of no values), else the pattern.
std::string shown(const char* pattern, double value) {
    return std::isnan(value) ? "-" : formatNumber(pattern, value);
}

std::string mebibytes(int64_t bytes) {
    return formatNumber("%.1f MiB", static_cast<double>(bytes) / kMebibyte);
}

std::string setupText(const StreamSummary& s) {
    std::string domains;
    for (const std::string& domain : s.setup.domains) domains += (domains.empty() ? "" : ", ") + domain;
    std::string text =
        std::to_string(s.queries) + " of " + std::to_string(s.setup.planned_queries) + " queries, method " +
        s.setup.method + ", N = " + std::to_string(s.setup.n) + ", K = " + std::to_string(s.setup.k) +
        ", r = " + std::to_string(s.setup.r) + ", BPB rule " + s.setup.bpb_rule + ", on " + s.setup.device +
        " (" + s.setup.precision + "), one process; the domains take turns in this order: " + domains +
        ".\nModel `" + s.setup.model + "`, store `" + s.setup.store + "`.\n";
    if (s.repeated_queries > 0)
        text +=
            "Repeated queries (a domain ran out of held-out documents and started again from its first): " +
            std::to_string(s.repeated_queries) + ".\n";
    return text;
}

std::string stageTable(const StreamSummary& s) {
    std::string table =
        "| stage | p50 s | p95 s | p99 s | mean s | max s |\n|---|---:|---:|---:|---:|---:|\n";
    for (const StagePercentiles& p : s.stages)
        table += "| " + p.stage + " | " + shown("%.4f", p.p50) + " | " + shown("%.4f", p.p95) + " | " +
                 shown("%.4f", p.p99) + " | " + shown("%.4f", p.mean) + " | " + shown("%.4f", p.max) + " |\n";
    return table + "\nPercentiles are nearest-rank over the " + std::to_string(s.queries) +
           " queries: pXX is the ceil(XX/100 x n)-th smallest value, always a measured one (with fewer than "
           "100 "
           "queries p99 is the maximum). The first query took " +
           shown("%.3f", s.first_query_seconds) +
           " s in total; one-time costs (the base-weight snapshot, first allocations) land there.\n";
}

std::string reuseTable(const StreamSummary& s) {
    return "| computed steps (reconstructions) | reused steps (cache hits) | cache hit rate | "
           "reconstructions per query | "
           "most in one query |\n|---:|---:|---:|---:|---:|\n| " +
           std::to_string(s.computed_steps) + " | " + std::to_string(s.reused_steps) + " | " +
           shown("%.1f%%", 100.0 * s.cache_hit_rate) + " | " + shown("%.2f", s.reconstructions_per_query) +
           " | " + std::to_string(s.max_reconstructions) +
           " |\n\nCache hit rate = reused / (computed + reused) over every step of "
           "the stream.\n";
}

std::string memoryTable(const StreamSummary& s) {
    std::string table =
        "| gradient buffers | max | median per query |\n|---|---:|---:|\n| gradients after a computed step "
        "| " +
        mebibytes(s.gradient_bytes.max) + " | " + mebibytes(s.gradient_bytes.p50) +
        " |\n| held by the gradient cache for reuse | " + mebibytes(s.cache_bytes.max) + " | " +
        mebibytes(s.cache_bytes.p50) + " |\n";
    if (s.gpu_finetune_peak_bytes)
        table +=
            "| CUDA allocator: finetune-stage peak above its start (gradients, Adam moments, activations) "
            "| " +
            mebibytes(s.gpu_finetune_peak_bytes->max) + " | " + mebibytes(s.gpu_finetune_peak_bytes->p50) +
            " |\n";
    return table +
           "\nThe first two are counted from the gradient tensors; the cache holds the same tensors, not a "
           "copy. "
           "Process peak resident memory: " +
           formatNumber("%.0f MiB", s.setup.peak_resident_mb) + ".\n";
}

std::string domainTable(const StreamSummary& s) {
    std::string table =
        "| domain | queries | repeats | total p50 s | total p95 s | finetune mean s | cache hit rate | "
        "reconstructions per query | base BPB | adapted BPB |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const StreamDomainCell& c : s.domains) {
        const double perQuery = c.queries ? static_cast<double>(c.computed_steps) / c.queries : kNaN;
        table += "| " + c.domain + " | " + std::to_string(c.queries) + " | " + std::to_string(c.repeats) +
                 " | " + shown("%.3f", c.total_p50) + " | " + shown("%.3f", c.total_p95) + " | " +
                 shown("%.3f", c.finetune_mean) + " | " + shown("%.1f%%", 100.0 * c.cache_hit_rate) + " | " +
                 shown("%.2f", perQuery) + " | " + shown("%.4f", c.mean_base_bpb) + " | " +
                 shown("%.4f", c.mean_bpb) + " |\n";
    }
    return table;
}

nlohmann::ordered_json bytesJson(const BytesStatistics& bytes) {
    return {{"max", bytes.max}, {"p50", bytes.p50}};
}

}  // namespace

StreamSummary summarizeStream(const std::vector<StreamRow>& rows, const StreamSetup& setup) {
    std::vector<const StreamRow*> all;
    for (const StreamRow& row : rows) all.push_back(&row);
    StreamSummary s;
    s.setup = setup;
    s.queries = static_cast<int>(rows.size());
    for (size_t stage = 0; stage < kStreamStages.size(); ++stage)
        s.stages.push_back(stagePercentiles(all, stage));
    s.first_query_seconds = rows.empty() ? kNaN : rows.front().seconds[streamStageIndex("total")];
    for (const StreamRow& row : rows) {
        s.repeated_queries += row.pass > 1 ? 1 : 0;
        s.computed_steps += row.computed_steps;
        s.reused_steps += row.reused_steps;
        s.max_reconstructions = std::max(s.max_reconstructions, row.computed_steps);
    }
    s.cache_hit_rate = hitRate(s.computed_steps, s.reused_steps);
    s.reconstructions_per_query = rows.empty() ? kNaN : static_cast<double>(s.computed_steps) / s.queries;
    s.gradient_bytes = bytesStatistics(column(all, [](const StreamRow& row) { return row.gradient_bytes; }));
    s.cache_bytes = bytesStatistics(column(all, [](const StreamRow& row) { return row.cache_bytes; }));
    if (!rows.empty() && rows.front().gpu_finetune_peak_bytes)
        s.gpu_finetune_peak_bytes = bytesStatistics(
            column(all, [](const StreamRow& row) { return row.gpu_finetune_peak_bytes.value_or(0); }));
    for (const std::string& domain : setup.domains) s.domains.push_back(domainCell(domain, all));
    return s;
}

std::string streamSummaryMarkdown(const StreamSummary& summary) {
    return "# Query stream\n\n" + setupText(summary) + "\n## Latency per stage\n\n" + stageTable(summary) +
           "\n## Gradient reuse\n\n" + reuseTable(summary) + "\n## Memory\n\n" + memoryTable(summary) +
           "\n## Per domain\n\n" + domainTable(summary);
}

std::string streamSummaryJson(const StreamSummary& s) {
    nlohmann::ordered_json stages, domains = nlohmann::ordered_json::array();
    for (const StagePercentiles& p : s.stages)
        stages[p.stage] = {{"p50", p.p50}, {"p95", p.p95}, {"p99", p.p99}, {"mean", p.mean}, {"max", p.max}};
    for (const StreamDomainCell& c : s.domains)
        domains.push_back({{"domain", c.domain},
                           {"queries", c.queries},
                           {"repeats", c.repeats},
                           {"total_p50_s", c.total_p50},
                           {"total_p95_s", c.total_p95},
                           {"finetune_mean_s", c.finetune_mean},
                           {"computed_steps", c.computed_steps},
                           {"reused_steps", c.reused_steps},
                           {"cache_hit_rate", c.cache_hit_rate},
                           {"mean_base_bpb", c.mean_base_bpb},
                           {"mean_bpb", c.mean_bpb}});
    const StreamSetup& setup = s.setup;
    // The CUDA allocator's peak exists only on a GPU: absent elsewhere.
    nlohmann::ordered_json memory = {{"gradient_bytes", bytesJson(s.gradient_bytes)},
                                     {"cache_bytes", bytesJson(s.cache_bytes)}};
    if (s.gpu_finetune_peak_bytes) memory["gpu_finetune_peak_bytes"] = bytesJson(*s.gpu_finetune_peak_bytes);
    memory["peak_resident_mb"] = setup.peak_resident_mb;
    return summaryJsonText(nlohmann::ordered_json{
        {"setup",
         {{"method", setup.method},
          {"n", setup.n},
          {"k", setup.k},
          {"r", setup.r},
          {"bpb_rule", setup.bpb_rule},
          {"device", setup.device},
          {"precision", setup.precision},
          {"model", setup.model},
          {"store", setup.store},
          {"planned_queries", setup.planned_queries},
          {"domains", setup.domains}}},
        {"queries", s.queries},
        {"repeated_queries", s.repeated_queries},
        {"percentiles", "nearest rank: pXX is the ceil(XX/100 * n)-th smallest of the n queries' values"},
        {"stages_s", stages},
        {"first_query_s", s.first_query_seconds},
        {"gradient_steps",
         {{"computed", s.computed_steps},
          {"reused", s.reused_steps},
          {"cache_hit_rate", s.cache_hit_rate},
          {"reconstructions_per_query", s.reconstructions_per_query},
          {"max_reconstructions", s.max_reconstructions}}},
        {"memory", memory},
        {"domains", domains}},
        "stream_summary.json");
}

}  // namespace hullft
