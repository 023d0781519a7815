// The pieces of `hullft bench` that need no model: the crash-safe results CSV, the Student-t
// interval, the summary's relative change against kNN, and the split of a sweep into shards.
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <tuple>
#include <sstream>

#include "bench/bench_results_file.h"
#include "bench/bench_runner.h"
#include "bench/bench_settings.h"
#include "bench/bench_shard.h"
#include "bench/mechanism_summary.h"
#include "bench/rank_correlation.h"
#include "bench/summary_json.h"
#include "pipeline/selection_redundancy.h"
#include "bench/bench_summary.h"
#include "bench/confidence_interval.h"
#include "bench/csv_line.h"
#include "common/errors.h"

using namespace hullft;

namespace {

BenchRow row(const std::string& query, const std::string& domain, const std::string& method, int n, double bpb) {
    BenchRow r;
    r.query = query;
    r.domain = domain;
    r.method = method;
    r.n = n;
    r.bpb = bpb;
    r.base_bpb = 2.0;
    r.selection_seconds = 0.01 * n;
    r.computed_steps = n;
    return r;
}

std::string readText(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

class BenchResultsTest : public QObject {
    Q_OBJECT

private slots:
    void csv_fields_with_commas_and_quotes_round_trip() {
        const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"", "", "line\nbreak"};
        std::vector<std::string> parsed;
        QVERIFY(splitCsvLine(csvLine(fields), parsed));
        QCOMPARE(parsed, fields);
        QCOMPARE(csvLine({"id", "1.5"}), std::string("id,1.5"));
    }

    void row_round_trips_through_its_csv_line() {
        BenchRow original = row("doc,1", "Enron Emails", "hullft", 20, 1.2345678901);
        original.reused_steps = 7;
        const BenchRow parsed = benchRowFromCsv(benchRowToCsv(original), "test");
        QCOMPARE(parsed.query, original.query);
        QCOMPARE(parsed.domain, original.domain);
        QCOMPARE(parsed.n, 20);
        QCOMPARE(parsed.bpb, 1.2345678901);
        QCOMPARE(parsed.reused_steps, int64_t{7});
    }

    // Found through bench_csv_fuzz_test's round trip (its seed regression-huge-bpb.csv): a number
    // longer than 63 characters was cut when written and read back as another. Counts past their
    // range were read as the largest one (strtoll saturates), and an n past an int wrapped.
    void huge_numbers_are_written_whole_and_counts_past_their_range_are_refused() {
        QCOMPARE(benchRowFromCsv(benchRowToCsv(row("q", "d", "knn", 5, 1e300)), "test").bpb, 1e300);
        for (const char* line : {"q,d,knn,2147483648,1,1,0,0,0,0,5,0,5,,0",
                                 "q,d,knn,5,1,1,0,0,0,0,99999999999999999999,0,5,,0"}) {
            try {
                benchRowFromCsv(line, "results.csv:2");
                QFAIL(line);
            } catch (const InputError& e) {
                QVERIFY2(std::string(e.what()).find("results.csv:2: column '") == 0, e.what());
            }
        }
    }

    void malformed_row_names_file_and_column() {
        try {
            benchRowFromCsv("q,d,knn,5,notanumber,1,0,0,0,0,5,0", "results.csv:3");
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY(std::string(e.what()).find("results.csv:3") != std::string::npos);
            QVERIFY(std::string(e.what()).find("bpb") != std::string::npos);
        }
    }

    void results_file_keeps_complete_rows_and_cuts_a_partial_last_line() {
        QTemporaryDir dir;
        const QString path = dir.filePath("results.csv");
        {
            BenchResultsFile file(path.toStdString());
            file.append(row("q1", "alpha", "base", 0, 2.0));
            file.append(row("q1", "alpha", "knn", 5, 1.9));
        }
        std::ofstream(path.toStdString(), std::ios::app) << "q1,alpha,hullft,5,1.8";  // killed mid-write
        BenchResultsFile reopened(path.toStdString());
        QCOMPARE(reopened.rows().size(), size_t(2));
        reopened.append(row("q1", "alpha", "hullft", 5, 1.8));
        const std::string text = readText(path);
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 4L);
        QVERIFY(text.rfind(benchCsvHeader() + "\n", 0) == 0);
        QCOMPARE(BenchResultsFile(path.toStdString()).rows().back().method, std::string("hullft"));
    }

    void results_file_with_another_header_is_refused() {
        QTemporaryDir dir;
        const QString path = dir.filePath("results.csv");
        std::ofstream(path.toStdString()) << "query,method,bpb\nq1,knn,1.9\n";
        QVERIFY_THROWS_EXCEPTION(InputError, BenchResultsFile(path.toStdString()));
    }

    void settings_round_trip_and_differences_name_the_key() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bench_settings.json").toStdString();
        BenchSettings settings;
        settings.protocol = {{"ns", "1,5"}, {"k", "200"}};
        settings.environment = {{"device", "cpu"}};
        settings.queries = {{"id1", "alpha", ""}, {"id2", "beta", ""}};
        writeBenchSettings(path, settings);
        const BenchSettings read = readBenchSettings(path);
        QCOMPARE(read.protocol, settings.protocol);
        QCOMPARE(read.queries.size(), size_t(2));
        QCOMPARE(read.queries[1].domain, std::string("beta"));
        const auto differences = settingDifferences(read.protocol, {{"ns", "1,5,10"}, {"k", "200"}});
        QCOMPARE(differences.size(), size_t(1));
        QVERIFY(differences[0].rfind("ns:", 0) == 0);
    }

    void student_t_quantiles_match_tables() {
        QCOMPARE(studentT975(1), 12.706);
        QCOMPARE(studentT975(12), 2.179);
        QVERIFY(std::abs(studentT975(40) - 2.0211) < 2e-4);
        QVERIFY(std::abs(studentT975(120) - 1.9799) < 2e-4);
        QVERIFY(std::abs(studentT975(100000) - 1.95996) < 1e-4);
    }

    void interval_of_the_mean_uses_t_and_the_standard_error() {
        const MeanInterval interval = meanWithInterval95({1.0, 2.0, 3.0, 4.0});
        QCOMPARE(interval.mean, 2.5);
        const double halfWidth = 3.182 * std::sqrt(5.0 / 3.0) / 2.0;
        QVERIFY(std::abs(interval.high - (2.5 + halfWidth)) < 1e-12);
        QVERIFY(std::abs(interval.low - (2.5 - halfWidth)) < 1e-12);
        QVERIFY(std::isnan(meanWithInterval95({1.0}).low));
    }

    void summary_change_vs_knn_is_the_mean_of_per_query_changes() {
        const std::vector<BenchRow> rows = {
            row("q1", "alpha", "base", 0, 2.0), row("q1", "alpha", "knn", 5, 2.0), row("q1", "alpha", "hullft", 5, 1.8),
            row("q2", "beta", "base", 0, 1.0),  row("q2", "beta", "knn", 5, 1.0),  row("q2", "beta", "hullft", 5, 1.05)};
        const BenchSummary summary = summarizeBench(rows, {"base", "knn", "hullft"}, {5}, "full");
        QCOMPARE(summary.domains, (std::vector<std::string>{"alpha", "beta", kAllDomains}));
        const SummaryCell* all = summary.cell(kAllDomains, "hullft", 5);
        QVERIFY(all);
        QCOMPARE(all->queries, 2);
        QVERIFY(std::abs(all->mean_bpb - 1.425) < 1e-12);
        QVERIFY(all->vs_knn_percent.has_value());
        QVERIFY(std::abs(all->vs_knn_percent->mean - (-10.0 + 5.0) / 2) < 1e-9);  // -2.5 %, not (1.425-1.5)/1.5
        QVERIFY(!summary.cell(kAllDomains, "knn", 5)->vs_knn_percent.has_value());
        QCOMPARE(summary.cell("alpha", "base", 5)->mean_bpb, 2.0);  // base rows serve every N
        QCOMPARE(summary.timing("base", 5)->runs, 2);
        const std::string markdown = summaryMarkdown(summary);
        QVERIFY(markdown.find("| hullft vs knn |") != std::string::npos);
        QVERIFY(markdown.find("-2.50% [") != std::string::npos);
        QVERIFY(markdown.find("-10.00% (1 query)") != std::string::npos);
    }

    // A statistic of no values is left out of the summary JSON; an overflow fails, naming the field.
    void summary_json_never_writes_null_for_a_number() {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const nlohmann::json kept = nlohmann::json::parse(hullft::summaryJsonText(
            {{"cells", {{{"mean_bpb", 1.5}, {"rho", nan}}}}, {"hit_rate", nan}, {"queries", 0}}, "summary.json"));
        QCOMPARE(kept.dump(), std::string(R"({"cells":[{"mean_bpb":1.5}],"queries":0})"));
        try {
            hullft::summaryJsonText({{"timings", {{{"total_s", std::numeric_limits<double>::infinity()}}}}}, "summary.json");
            QFAIL("an infinite statistic was written");
        } catch (const hullft::Error& e) {
            QVERIFY2(std::string(e.what()).find("summary.json: the result has a non-finite number at /timings/0/total_s") !=
                         std::string::npos,
                     e.what());
        }
    }

    void summary_names_the_bpb_rule_in_markdown_and_json() {
        const std::vector<BenchRow> rows = {row("q1", "alpha", "base", 0, 2.0), row("q1", "alpha", "knn", 5, 1.9)};
        const BenchSummary summary = summarizeBench(rows, {"base", "knn"}, {5}, "reference");
        QVERIFY(summaryMarkdown(summary).find("BPB rule: reference") != std::string::npos);
        QCOMPARE(nlohmann::json::parse(summaryJson(summary)).at("bpb_rule").get<std::string>(), std::string("reference"));
    }

    void plan_runs_base_once_per_query_and_every_other_method_at_every_n() {
        const auto plan = planBenchRuns(2, {Method::Base, Method::Knn, Method::Hullft}, {1, 2});
        QCOMPARE(plan.size(), size_t(10));
        QCOMPARE(plan[0].method, Method::Base);
        QCOMPARE(plan[0].n, 0);
        QCOMPARE(plan[2].n, 2);
        QCOMPARE(plan[5].query, size_t(1));
    }

    void shards_deal_runs_by_work_to_the_least_loaded_shard() {
        // Works: base 1, knn N=1 2, knn N=5 6. The heaviest goes to shard 1, then the lighter two
        // to shard 2, which each shard keeps in plan order.
        const auto plan = planBenchRuns(1, {Method::Base, Method::Knn}, {1, 5});
        const auto first = benchShardRuns(plan, {1, 2}), second = benchShardRuns(plan, {2, 2});
        QCOMPARE(first.size(), size_t(1));
        QCOMPARE(first[0].n, 5);
        QCOMPARE(second.size(), size_t(2));
        QCOMPARE(second[0].method, Method::Base);
        QCOMPARE(second[1].n, 1);
    }

    void shards_cover_every_run_once_with_balanced_work() {
        const auto plan = planBenchRuns(7, {Method::Base, Method::Knn, Method::Sift, Method::Hullft}, {1, 5, 10, 20, 50});
        double total = 0.0;
        for (const BenchRun& run : plan) total += benchRunWork(run);
        for (int count = 1; count <= 9; ++count) {
            std::multiset<std::tuple<size_t, int, int>> seen;
            for (int index = 1; index <= count; ++index) {
                double work = 0.0;
                for (const BenchRun& run : benchShardRuns(plan, {index, count})) {
                    seen.insert({run.query, static_cast<int>(run.method), run.n});
                    work += benchRunWork(run);
                }
                QVERIFY2(std::abs(work - total / count) <= 51.0, qPrintable(QString("%1/%2").arg(index).arg(count)));
            }
            QCOMPARE(seen.size(), plan.size());
            for (const BenchRun& run : plan) QCOMPARE(seen.count({run.query, static_cast<int>(run.method), run.n}), size_t(1));
        }
    }

    void mean_pairwise_cosine_by_hand() {
        // Rows (1,0), (0,2), (1,1): cosines 0, 1/sqrt2, 1/sqrt2.
        QVERIFY(std::abs(meanPairwiseCosine({1, 0, 0, 2, 1, 1}, 2) - std::sqrt(2.0) / 3.0) < 1e-12);
        QVERIFY(std::isnan(meanPairwiseCosine({1, 0}, 2)));
        QCOMPARE(meanPairwiseCosine({0, 0, 1, 0}, 2), 0.0);  // a zero row is alike nothing
    }

    void near_duplicate_groups_link_chains_and_ignore_distinct_texts() {
        const std::string a = "The quick brown fox jumps over the lazy dog near the river bank.";
        const std::string aEdited = "The quick brown fox jumps over the lazy dog near the river bend.";
        const std::string b = "Completely different words about compilers, linkers and loaders.";
        QCOMPARE(nearDuplicateGroups({a, b}), 0);
        QCOMPARE(nearDuplicateGroups({a, b, aEdited}), 1);
        QCOMPARE(nearDuplicateGroups({a, aEdited, b, b}), 2);
        QCOMPARE(nearDuplicateGroups({"short", "short", "shorts"}), 1);  // under 8 bytes: equal texts only
    }

    void spearman_matches_hand_computed_ranks() {
        QCOMPARE(spearman({1, 2, 3, 4, 5}, {2, 4, 8, 16, 32}).rho, 1.0);
        QCOMPARE(spearman({1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}).rho, -1.0);
        // x ranks 1, 2, 3, 4; y = (1, 3, 2, 2) ranks 1, 4, 2.5, 2.5: Pearson of the ranks = 1.5 / sqrt(5 * 4.5).
        const RankCorrelation tied = spearman({1, 2, 3, 4}, {1, 3, 2, 2});
        const double expected = 1.5 / std::sqrt(5.0 * 4.5);
        QVERIFY2(std::abs(tied.rho - expected) < 1e-12, qPrintable(QString::number(tied.rho)));
        QVERIFY(tied.low < tied.rho && tied.rho < tied.high);
        QVERIFY(std::isnan(spearman({1, 2, 3}, {7, 7, 7}).rho));     // a constant side
        QVERIFY(std::isnan(spearman({1, 2}, {1, 2}).rho));           // too few pairs
        QCOMPARE(spearman({1, std::nan(""), 2, 3}, {1, 5, 2, 3}).count, 3);  // NaN pairs left out
    }

    void rows_keep_redundancy_and_an_undefined_cosine_round_trips() {
        BenchRow r = row("q1", "alpha", "knn", 1, 1.9);
        r.distinct = 1;
        const BenchRow back = benchRowFromCsv(benchRowToCsv(r), "test");
        QCOMPARE(back.distinct, int64_t(1));
        QVERIFY(std::isnan(back.mean_cosine));
        r.distinct = 5;
        r.mean_cosine = 0.87654321;
        r.duplicate_groups = 2;
        const BenchRow again = benchRowFromCsv(benchRowToCsv(r), "test");
        QCOMPARE(again.mean_cosine, 0.87654321);
        QCOMPARE(again.duplicate_groups, int64_t(2));
    }

    void mechanism_pairs_knn_redundancy_with_hullft_gain() {
        std::vector<BenchRow> rows;
        // Four queries: the more redundant kNN's neighbours, the larger HullFT's gain.
        for (int q = 0; q < 4; ++q) {
            BenchRow knn = row("q" + std::to_string(q), "alpha", "knn", 5, 2.0);
            knn.mean_cosine = 0.5 + 0.1 * q;
            knn.duplicate_groups = q;
            BenchRow hullft = row("q" + std::to_string(q), "alpha", "hullft", 5, 2.0 - 0.1 * q);
            hullft.mean_cosine = 0.4;
            hullft.distinct = 3;
            rows.push_back(knn);
            rows.push_back(hullft);
        }
        const auto points = mechanismPoints(rows, {5});
        QCOMPARE(points.size(), size_t(4));
        QVERIFY(std::abs(points[3].hullft_gain_percent - 15.0) < 1e-9);  // 100 (2.0 - 1.7) / 2.0
        const auto cells = summarizeMechanism(points, rows, {5});
        QCOMPARE(cells.size(), size_t(1));
        QCOMPARE(cells[0].queries, 4);
        QVERIFY(std::abs(cells[0].knn_mean_cosine - 0.65) < 1e-12);
        QCOMPARE(cells[0].hullft_distinct, 3.0);
        QCOMPARE(cells[0].cosine_vs_gain.rho, 1.0);
        QVERIFY(mechanismMarkdown(cells).find("| 5 | 4 | 0.6500 | 0.4000 | 1.50 | 0.00 | 3.0 | +1.00") != std::string::npos);
        QVERIFY(summarizeMechanism(mechanismPoints({rows[0]}, {5}), {rows[0]}, {5}).empty());  // no HullFT row
    }

    void shard_names_parse_and_bad_ones_are_refused() {
        const BenchShard shard = parseBenchShard("2/3", "--shard");
        QCOMPARE(shard.index, 2);
        QCOMPARE(shard.count, 3);
        QCOMPARE(benchShardName(shard), std::string("2/3"));
        for (const char* bad : {"0/3", "4/3", "3", "a/3", "1/", "/3", "1/3x", "-1/3", "1/100000"})
            QVERIFY_THROWS_EXCEPTION(UsageError, parseBenchShard(bad, "--shard"));
    }
};

QTEST_GUILESS_MAIN(BenchResultsTest)
#include "bench_results_test.moc"
