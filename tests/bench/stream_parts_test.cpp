// The parts of `hullft stream` that need no model: the nearest-rank percentile on golden cases,
// the round-robin plan over a held-out split (cycling a domain that runs out), and the summary's
// counts from hand-made rows.
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "bench/percentile.h"
#include "bench/stream_plan.h"
#include "bench/stream_summary.h"
#include "common/errors.h"
#include "corpus/document_jsonl.h"

Q_DECLARE_METATYPE(std::vector<double>)

namespace {

// A held-out split with `counts[d]` documents in domain d; ids "<domain>-<i>", written in
// descending id order so the plan's sorting shows.
void writeSplit(const std::string& path, const std::vector<std::pair<std::string, int>>& counts) {
    std::ofstream out(path, std::ios::binary);
    for (const auto& [domain, count] : counts)
        for (int i = count - 1; i >= 0; --i) {
            hullft::Document d;
            d.id = domain + "-" + std::to_string(i);
            d.domain = domain;
            d.text = "Held-out text " + std::to_string(i) + " of " + domain + ".";
            out << hullft::documentToJsonLine(d);
        }
}

hullft::StreamRow row(const std::string& domain, int pass, double total, int64_t computed, int64_t reused) {
    hullft::StreamRow r;
    r.domain = domain;
    r.pass = pass;
    r.seconds[hullft::streamStageIndex("total")] = total;
    r.seconds[hullft::streamStageIndex("finetune")] = total / 2;
    r.computed_steps = computed;
    r.reused_steps = reused;
    r.gradient_bytes = computed > 0 ? 4000 : 0;
    r.cache_bytes = reused > 0 ? 4000 : 0;
    return r;
}

}  // namespace

class StreamPartsTest : public QObject {
    Q_OBJECT
private slots:
    void nearest_rank_percentile_is_the_ceil_rank_value_data() {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        std::vector<double> hundred;
        for (int i = 100; i >= 1; --i) hundred.push_back(i);  // unsorted on purpose
        QTest::newRow("one value, p50") << std::vector<double>{3.5} << 50.0 << 3.5;
        QTest::newRow("one value, p99") << std::vector<double>{3.5} << 99.0 << 3.5;
        QTest::newRow("ten values, p50 is the 5th")
            << std::vector<double>{9, 1, 8, 2, 7, 3, 6, 4, 5, 10} << 50.0 << 5.0;
        QTest::newRow("ten values, p95 is the 10th")
            << std::vector<double>{9, 1, 8, 2, 7, 3, 6, 4, 5, 10} << 95.0 << 10.0;
        QTest::newRow("ten values, p10 is the 1st")
            << std::vector<double>{9, 1, 8, 2, 7, 3, 6, 4, 5, 10} << 10.0 << 1.0;
        QTest::newRow("hundred values, p7 stays rank 7") << hundred << 7.0 << 7.0;
        QTest::newRow("hundred values, p99 is the 99th") << hundred << 99.0 << 99.0;
        QTest::newRow("hundred values, p100 is the max") << hundred << 100.0 << 100.0;
        QTest::newRow("twenty values, p95 is the 19th")
            << std::vector<double>(hundred.end() - 20, hundred.end()) << 95.0 << 19.0;
        QTest::newRow("ties") << std::vector<double>{2, 2, 2, 1} << 50.0 << 2.0;
    }
    void nearest_rank_percentile_is_the_ceil_rank_value() {
        QFETCH(std::vector<double>, values);
        QFETCH(double, p);
        QFETCH(double, expected);
        QCOMPARE(hullft::nearestRankPercentile(values, p), expected);
    }

    void percentile_of_nothing_is_nan_and_p_outside_0_100_is_refused() {
        QVERIFY(std::isnan(hullft::nearestRankPercentile({}, 50)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hullft::nearestRankPercentile({1.0}, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hullft::nearestRankPercentile({1.0}, 100.5));
    }

    void plan_alternates_domains_in_name_order_and_cycles_a_short_domain() {
        QTemporaryDir dir;
        const std::string split = dir.filePath("test.jsonl").toStdString();
        writeSplit(split, {{"gamma", 3}, {"alpha", 1}, {"beta", 2}});
        const std::vector<hullft::StreamQuery> plan = hullft::planQueryStream(split, 8, {});
        const std::vector<std::string> ids{"alpha-0", "beta-0",  "gamma-0", "alpha-0",
                                           "beta-1",  "gamma-1", "alpha-0", "beta-0"};
        const std::vector<int> passes{1, 1, 1, 2, 1, 1, 3, 2};
        QCOMPARE(plan.size(), ids.size());
        for (size_t i = 0; i < plan.size(); ++i) {
            QCOMPARE(plan[i].query.id, ids[i]);
            QCOMPARE(plan[i].query.domain, ids[i].substr(0, ids[i].find('-')));
            QCOMPARE(plan[i].pass, passes[i]);
            QVERIFY(!plan[i].query.text.empty());
        }
        // --domains keeps name order whatever order it is given in.
        const auto two = hullft::planQueryStream(split, 3, {"gamma", "beta"});
        QCOMPARE(two.size(), size_t(3));
        QCOMPARE(two[0].query.id, std::string("beta-0"));
        QCOMPARE(two[1].query.id, std::string("gamma-0"));
        QCOMPARE(two[2].query.id, std::string("beta-1"));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::planQueryStream(split, 3, {"delta"}));
    }

    void summary_counts_steps_repeats_and_domains_from_the_rows() {
        const std::vector<hullft::StreamRow> rows{row("alpha", 1, 4.0, 3, 1), row("beta", 1, 2.0, 2, 2),
                                                  row("alpha", 2, 1.0, 1, 0), row("beta", 1, 3.0, 4, 0)};
        hullft::StreamSetup setup;
        setup.domains = {"alpha", "beta"};
        setup.planned_queries = 6;
        const hullft::StreamSummary s = hullft::summarizeStream(rows, setup);
        QCOMPARE(s.queries, 4);
        QCOMPARE(s.repeated_queries, 1);
        QCOMPARE(s.computed_steps, int64_t{10});
        QCOMPARE(s.reused_steps, int64_t{3});
        QCOMPARE(s.cache_hit_rate, 3.0 / 13.0);
        QCOMPARE(s.reconstructions_per_query, 2.5);
        QCOMPARE(s.max_reconstructions, int64_t{4});
        QCOMPARE(s.first_query_seconds, 4.0);
        const hullft::StagePercentiles& total = s.stages[hullft::streamStageIndex("total")];
        QCOMPARE(total.stage, std::string("total"));
        QCOMPARE(total.p50, 2.0);  // the 2nd of 1, 2, 3, 4
        QCOMPARE(total.p95, 4.0);
        QCOMPARE(total.mean, 2.5);
        QCOMPARE(s.gradient_bytes.max, int64_t{4000});
        QCOMPARE(s.cache_bytes.p50, int64_t{0});  // 0, 0, 4000, 4000: the 2nd is 0
        QVERIFY(!s.gpu_finetune_peak_bytes);
        QCOMPARE(s.domains.size(), size_t(2));
        QCOMPARE(s.domains[0].domain, std::string("alpha"));
        QCOMPARE(s.domains[0].queries, 2);
        QCOMPARE(s.domains[0].repeats, 1);
        QCOMPARE(s.domains[0].cache_hit_rate, 1.0 / 5.0);
        QCOMPARE(s.domains[1].total_p50, 2.0);
        QCOMPARE(s.domains[1].total_p95, 3.0);

        const nlohmann::json json = nlohmann::json::parse(hullft::streamSummaryJson(s));
        QCOMPARE(json.at("gradient_steps").at("cache_hit_rate").get<double>(), 3.0 / 13.0);
        QVERIFY(!json.at("memory").contains("gpu_finetune_peak_bytes"));
        const std::string markdown = hullft::streamSummaryMarkdown(s);
        QVERIFY(markdown.find("| total | 2.0000 | 4.0000 | 4.0000 | 2.5000 | 4.0000 |") != std::string::npos);
        QVERIFY(markdown.find("started again from its first): 1.") != std::string::npos);
    }

    void summary_of_no_rows_has_no_statistics() {
        hullft::StreamSetup setup;
        setup.domains = {"alpha"};
        const hullft::StreamSummary s = hullft::summarizeStream({}, setup);
        QCOMPARE(s.queries, 0);
        QVERIFY(std::isnan(s.cache_hit_rate) && std::isnan(s.stages[0].p50));
        QVERIFY(hullft::streamSummaryMarkdown(s).find("| embed | - | - | - | - | - |") != std::string::npos);
        const nlohmann::json json = nlohmann::json::parse(hullft::streamSummaryJson(s));
        QVERIFY(!json.at("gradient_steps").contains("cache_hit_rate"));
        QVERIFY(!json.at("stages_s").at("embed").contains("p50"));
        QCOMPARE(json.at("queries").get<int>(), 0);
    }
};

QTEST_GUILESS_MAIN(StreamPartsTest)
#include "stream_parts_test.moc"
