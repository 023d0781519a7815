// `hullft stream` end to end on the embedded default model and a tiny LM store built by the real
// CLI: six hullft queries taking turns over two held-out domains of two documents each (so both
// cycle). Checks the rows, the percentiles, the hit rate and memory against the rows (computed
// here independently), a base stream, N above K, the BPB rule, Ctrl-C, an existing --out and bad
// options.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>

#include "bench_fixtures.h"
#include "cli_runner.h"

using namespace bench_fixtures;

namespace {

// The CSV's columns by name.
const std::vector<std::string> kHeader{"position",
                                       "query",
                                       "domain",
                                       "pass",
                                       "embed_s",
                                       "preselect_s",
                                       "select_s",
                                       "finetune_s",
                                       "evaluate_s",
                                       "total_s",
                                       "computed_steps",
                                       "reused_steps",
                                       "base_bpb",
                                       "bpb",
                                       "gradient_bytes",
                                       "cache_bytes",
                                       "gpu_finetune_peak_bytes"};

size_t columnOf(const std::string& name) {
    return static_cast<size_t>(std::find(kHeader.begin(), kHeader.end(), name) - kHeader.begin());
}

// The ceil(p/100 * n)-th smallest, as the summary documents it.
double nearestRank(std::vector<double> values, int p) {
    std::sort(values.begin(), values.end());
    const size_t rank = std::max<size_t>(1, (static_cast<size_t>(p) * values.size() + 99) / 100);
    return values[rank - 1];
}

}  // namespace

class StreamCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_, corpus_, out_;
    std::vector<std::string> firstIds_;  // alpha's, then beta's
    CliResult first_;
    std::vector<std::vector<std::string>> rows_;  // without the header
    nlohmann::json summary_;

    QStringList streamArgs(const QString& out, const QStringList& extra = {}) const {
        return QStringList{"stream",    "--store", store_, "--corpus", corpus_, "--out", out,
                           "--queries", "6",       "--n",  "8",        "--k",   "16"} +
               extra;
    }

    std::vector<double> column(const std::string& name) const {
        std::vector<double> values;
        for (const auto& row : rows_) values.push_back(std::stod(row[columnOf(name)]));
        return values;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        corpus_ = dir_.filePath("corpus");
        store_fixtures::writeCorpus(corpus_, 12, 600);
        writeTestSplit(corpus_, firstIds_);
        store_ = dir_.filePath("store");
        const CliResult built =
            runCli({"store", "build", "--store", store_, "--corpus", corpus_, "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        out_ = dir_.filePath("run");
        first_ = runCli(streamArgs(out_));
        QVERIFY2(first_.exitCode == 0, first_.err.constData());
        auto all = csvRows(out_ + "/stream.csv");
        QVERIFY(!all.empty());
        QCOMPARE(all.front(), kHeader);
        rows_.assign(all.begin() + 1, all.end());
        summary_ = nlohmann::json::parse(readText(out_ + "/stream_summary.json"));
    }

    void rows_alternate_domains_and_cycle_each_domains_documents() {
        QCOMPARE(rows_.size(), size_t(6));
        for (size_t i = 0; i < rows_.size(); ++i) {
            const auto& row = rows_[i];
            QCOMPARE(row.size(), kHeader.size() - 1);  // the empty GPU field ends the line on the CPU
            QCOMPARE(row[columnOf("position")], std::to_string(i + 1));
            QCOMPARE(row[columnOf("domain")], std::string(i % 2 == 0 ? "alpha" : "beta"));
            // Two documents per domain: turns 1 and 2 ask each once, turn 3 asks the first again.
            QCOMPARE(row[columnOf("pass")], std::string(i < 4 ? "1" : "2"));
            const double base = std::stod(row[columnOf("base_bpb")]),
                         adapted = std::stod(row[columnOf("bpb")]);
            QVERIFY(std::isfinite(base) && base > 0 && std::isfinite(adapted) && adapted != base);
            QCOMPARE(std::stoi(row[columnOf("computed_steps")]) + std::stoi(row[columnOf("reused_steps")]),
                     8);
        }
        QCOMPARE(rows_[0][columnOf("query")], firstIds_[0]);
        QCOMPARE(rows_[1][columnOf("query")], firstIds_[1]);
        QVERIFY(rows_[2][columnOf("query")] != firstIds_[0]);
        QCOMPARE(rows_[4][columnOf("query")], firstIds_[0]);
        QCOMPARE(rows_[5][columnOf("query")], firstIds_[1]);
        QCOMPARE(rows_[4][columnOf("base_bpb")],
                 rows_[0][columnOf("base_bpb")]);  // the same query, the same base
        QVERIFY2(first_.out.contains("alpha has only 2 held-out documents"), first_.out.constData());
        QCOMPARE(summary_.at("repeated_queries").get<int>(), 2);
        QCOMPARE(summary_.at("setup").at("domains"), nlohmann::json({"alpha", "beta"}));
        QCOMPARE(summary_.at("setup").at("bpb_rule"), nlohmann::json("full"));
    }

    void stage_percentiles_are_the_nearest_rank_values_of_the_rows() {
        QCOMPARE(summary_.at("queries").get<int>(), 6);
        for (const char* stage : {"embed", "preselect", "select", "finetune", "evaluate", "total"}) {
            const std::vector<double> seconds = column(std::string(stage) + "_s");
            QVERIFY2(*std::min_element(seconds.begin(), seconds.end()) > 0, stage);
            const auto& reported = summary_.at("stages_s").at(stage);
            for (const int p : {50, 95, 99})
                QVERIFY2(std::abs(reported.at("p" + std::to_string(p)).get<double>() -
                                  nearestRank(seconds, p)) < 1e-6,
                         qPrintable(QString("%1 p%2").arg(stage).arg(p)));
            QVERIFY(std::abs(reported.at("max").get<double>() -
                             *std::max_element(seconds.begin(), seconds.end())) < 1e-6);
        }
        // A stage is part of the whole query.
        const std::vector<double> totals = column("total_s"), finetune = column("finetune_s");
        for (size_t i = 0; i < totals.size(); ++i) QVERIFY(finetune[i] < totals[i]);
        QVERIFY(readText(out_ + "/stream_summary.md").find("nearest-rank") != std::string::npos);
    }

    void cache_hit_rate_is_reused_over_all_steps_of_the_rows() {
        double computed = 0, reused = 0;
        for (const double c : column("computed_steps")) computed += c;
        for (const double r : column("reused_steps")) reused += r;
        QVERIFY2(reused > 0 && computed > reused,
                 "the fixture's multisets must repeat sequences for the rate to show");
        const auto& steps = summary_.at("gradient_steps");
        QCOMPARE(steps.at("computed").get<double>(), computed);
        QCOMPARE(steps.at("reused").get<double>(), reused);
        QVERIFY(std::abs(steps.at("cache_hit_rate").get<double>() - reused / (computed + reused)) < 1e-12);
        QVERIFY(std::abs(steps.at("reconstructions_per_query").get<double>() - computed / 6) < 1e-12);
        char rate[32];
        std::snprintf(rate, sizeof rate, "| %.1f%% |", 100 * reused / (computed + reused));
        QVERIFY2(readText(out_ + "/stream_summary.md").find(rate) != std::string::npos, rate);
    }

    void gradient_memory_is_measured_per_query_and_gpu_memory_left_empty_on_the_cpu() {
        const std::vector<double> gradients = column("gradient_bytes"), cached = column("cache_bytes"),
                                  reused = column("reused_steps");
        for (size_t i = 0; i < rows_.size(); ++i) {
            // Every parameter trains: the same gradient buffers each query, and the cache holds them
            // exactly when a step reused them.
            QVERIFY(gradients[i] > 1e6);
            QCOMPARE(gradients[i], gradients[0]);
            QCOMPARE(cached[i] > 0, reused[i] > 0);
            if (cached[i] > 0) QCOMPARE(cached[i], gradients[i]);
        }
        const auto& memory = summary_.at("memory");
        QCOMPARE(memory.at("gradient_bytes").at("max").get<double>(), gradients[0]);
        QCOMPARE(memory.at("cache_bytes").at("max").get<double>(),
                 *std::max_element(cached.begin(), cached.end()));
        QVERIFY(!memory.contains("gpu_finetune_peak_bytes"));  // a CUDA figure: absent on the CPU
        QVERIFY(memory.at("peak_resident_mb").get<double>() > 0);
        QCOMPARE(summary_.at("setup").at("device"), nlohmann::json("cpu"));
        QCOMPARE(summary_.at("setup").at("precision"), nlohmann::json("fp32"));
    }

    void a_base_stream_neither_finetunes_nor_holds_gradients() {
        const QString out = dir_.filePath("base");
        const CliResult result = runCli(streamArgs(out, {"--method", "base", "--queries", "2"}));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const auto rows = csvRows(out + "/stream.csv");
        QCOMPARE(rows.size(), size_t(3));
        for (size_t i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i][columnOf("finetune_s")], std::string("0.000000"));
            QCOMPARE(rows[i][columnOf("computed_steps")], std::string("0"));
            QCOMPARE(rows[i][columnOf("gradient_bytes")], std::string("0"));
            QCOMPARE(rows[i][columnOf("bpb")], rows[i][columnOf("base_bpb")]);
        }
        // No steps, no hit rate: left out, not null.
        QVERIFY(!nlohmann::json::parse(readText(out + "/stream_summary.json")).at("gradient_steps").contains("cache_hit_rate"));
    }

    // N above K, as in `hullft query` and `hullft bench`: hullft still trains N steps on repeated
    // sequences, kNN one step per candidate.
    void n_above_k_runs_hullft_n_steps_and_knn_k_steps() {
        for (const char* method : {"hullft", "knn"}) {
            const QString out = dir_.filePath(QStringLiteral("n-above-k-%1").arg(method));
            const CliResult result =
                runCli(streamArgs(out, {"--method", method, "--n", "6", "--k", "4", "--queries", "2"}));
            QVERIFY2(result.exitCode == 0, result.err.constData());
            const auto rows = csvRows(out + "/stream.csv");
            QCOMPARE(rows.size(), size_t(3));
            for (size_t i = 1; i < rows.size(); ++i) {
                const int steps = std::stoi(rows[i][columnOf("computed_steps")]) +
                                  std::stoi(rows[i][columnOf("reused_steps")]);
                QCOMPARE(steps, std::string(method) == "knn" ? 4 : 6);
            }
        }
    }

    // Every output names the BPB rule its numbers were scored under (core/eval/README.md).
    void the_bpb_rule_is_named_in_the_summary() {
        const QString out = dir_.filePath("reference-rule");
        const CliResult result =
            runCli(streamArgs(out, {"--method", "base", "--queries", "1", "--bpb-rule", "reference"}));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(nlohmann::json::parse(readText(out + "/stream_summary.json")).at("setup").at("bpb_rule"),
                 nlohmann::json("reference"));
        QVERIFY(readText(out + "/stream_summary.md").find("BPB rule reference") != std::string::npos);
    }

    void ctrl_c_stops_after_the_current_query_and_summarises_what_ran() {
        const QString out = dir_.filePath("interrupted");
        QProcess process;
        process.start(QStringLiteral(HULLFT_CLI_PATH), streamArgs(out, {"--queries", "40"}));
        QVERIFY(process.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        while (csvRows(out + "/stream.csv").size() < 2 && waited.elapsed() < 60000) QTest::qWait(20);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.contains("stopped by Ctrl-C after") && err.contains("of 40 queries"), err.constData());
        const size_t kept = csvRows(out + "/stream.csv").size() - 1;
        QVERIFY2(kept >= 1 && kept < 40, std::to_string(kept).c_str());
        const nlohmann::json summary = nlohmann::json::parse(readText(out + "/stream_summary.json"));
        QCOMPARE(summary.at("queries").get<size_t>(), kept);
        QCOMPARE(summary.at("setup").at("planned_queries").get<int>(), 40);
        QVERIFY(readText(out + "/stream_summary.md").find(std::to_string(kept) + " of 40 queries") !=
                std::string::npos);
    }

    void an_existing_stream_is_refused_untouched() {
        const std::string before = readText(out_ + "/stream.csv");
        const CliResult again = runCli(streamArgs(out_));
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("stream.csv: already exists"), again.err.constData());
        QCOMPARE(readText(out_ + "/stream.csv"), before);
    }

    void bad_options_exit_2_naming_the_option_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("named");
        QTest::newRow("no queries") << QStringList{"--queries", "0"} << "--queries";
        QTest::newRow("too many queries") << QStringList{"--queries", "100001"} << "--queries";
        QTest::newRow("queries not a number") << QStringList{"--queries", "many"} << "--queries";
        QTest::newRow("unknown domain") << QStringList{"--domains", "gamma"} << "--domains";
        QTest::newRow("empty domain list") << QStringList{"--domains", ","} << "--domains";
        QTest::newRow("unknown method") << QStringList{"--method", "magic"} << "--method";
        QTest::newRow("N of 0") << QStringList{"--n", "0"} << "--n";
        QTest::newRow("unknown BPB rule")
            << QStringList{"--bpb-rule", "bytes"}
            << "--bpb-rule: unknown BPB rule 'bytes' (allowed: full, reference)";
        QTest::newRow("unknown device") << QStringList{"--device", "tpu"} << "--device";
        QTest::newRow("missing store")
            << QStringList{"--store", "/nonexistent/store"} << "/nonexistent/store";
        QTest::newRow("missing corpus")
            << QStringList{"--corpus", "/nonexistent/corpus"} << "/nonexistent/corpus/test.jsonl";
        QTest::newRow("unknown option") << QStringList{"--queries-per-domain", "3"} << "--queries-per-domain";
    }
    void bad_options_exit_2_naming_the_option() {
        QFETCH(QStringList, extra);
        QFETCH(QString, named);
        const QString out = dir_.filePath("bad-" + QString(QTest::currentDataTag()).replace(' ', '-'));
        const CliResult result = runCli(streamArgs(out, extra));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
        QVERIFY(!QFile::exists(out + "/stream.csv"));
    }
};

QTEST_MAIN(StreamCliTest)
#include "stream_cli_test.moc"
