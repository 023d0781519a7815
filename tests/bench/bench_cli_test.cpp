// `hullft bench` end to end on the embedded default model and a tiny LM store built by the real
// CLI: two held-out domains, one query each, base/knn/hullft at N = 1, 2. Checks the CSV row by
// row, the summary, the plots, an interrupted and resumed run, and bad input.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#ifdef HULLFT_WITH_PLOTS
#include <QImage>
#endif

#include "cli_runner.h"
#include "store_fixtures.h"

namespace {

std::string readText(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::vector<std::string>> csvRows(const QString& path) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(readText(path));
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
        rows.push_back(fields);
    }
    return rows;
}

// Two documents per held-out domain; the benchmark takes the smaller id of each.
void writeTestSplit(const QString& corpus, std::vector<std::string>& firstIds) {
    std::string split;
    for (const char* domain : {"beta", "alpha"}) {
        std::vector<std::string> ids;
        for (int i = 0; i < 2; ++i) {
            hullft::Document d;
            d.domain = domain;
            d.package = std::string("pkg-") + domain;
            d.package_version = "1.0";
            d.path = "/usr/share/held-out/" + d.domain + "/" + std::to_string(i);
            d.licence = "CC0";
            d.id = hullft::documentId(d.package, d.path, d.part);
            d.text = store_fixtures::documentText(100 + static_cast<uint64_t>(i) + (d.domain == "beta" ? 10 : 0), 300);
            d.sha256 = hullft::sha256Hex(d.text);
            split += hullft::documentToJsonLine(d);
            ids.push_back(d.id);
        }
        firstIds.push_back(std::min(ids[0], ids[1]));
    }
    std::swap(firstIds[0], firstIds[1]);  // alpha first: domains run in name order
    std::ofstream((corpus + "/test.jsonl").toStdString(), std::ios::binary) << split;
}

}  // namespace

class BenchCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_, corpus_, out_;
    std::vector<std::string> queryIds_;  // alpha's, then beta's
    CliResult first_;

    QStringList benchArgs(const QString& out, const QStringList& extra = {}) const {
        return QStringList{"bench", "--store", store_, "--corpus", corpus_, "--out", out, "--methods", "base,knn,hullft",
                           "--n", "1,2", "--queries-per-domain", "1", "--k", "40"} +
               extra;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        corpus_ = dir_.filePath("corpus");
        store_fixtures::writeCorpus(corpus_, 12, 600);
        writeTestSplit(corpus_, queryIds_);
        store_ = dir_.filePath("store");
        const CliResult built = runCli({"store", "build", "--store", store_, "--corpus", corpus_, "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        out_ = dir_.filePath("run");
        first_ = runCli(benchArgs(out_));
        QVERIFY2(first_.exitCode == 0, first_.err.constData());
    }

    void csv_has_one_row_per_query_method_and_n_in_protocol_order() {
        const auto rows = csvRows(out_ + "/results.csv");
        QCOMPARE(rows.size(), size_t(11));
        QCOMPARE(rows[0], (std::vector<std::string>{"query", "domain", "method", "n", "bpb", "base_bpb", "selection_s",
                                                    "finetune_s", "eval_s", "total_s", "computed_steps", "reused_steps"}));
        const std::vector<std::pair<std::string, std::string>> expected = {
            {"base", "0"}, {"knn", "1"}, {"knn", "2"}, {"hullft", "1"}, {"hullft", "2"}};
        for (size_t q = 0; q < 2; ++q) {
            for (size_t m = 0; m < expected.size(); ++m) {
                const auto& row = rows[1 + q * expected.size() + m];
                QCOMPARE(row.size(), size_t(12));
                QCOMPARE(row[0], queryIds_[q]);
                QCOMPARE(row[1], std::string(q == 0 ? "alpha" : "beta"));
                QCOMPARE(row[2], expected[m].first);
                QCOMPARE(row[3], expected[m].second);
                const double bpb = std::stod(row[4]), base = std::stod(row[5]);
                QVERIFY(std::isfinite(bpb) && bpb > 0);
                QCOMPARE(row[5], rows[1 + q * expected.size()][5]);  // one base BPB per query
                const int n = std::stoi(row[3]), computed = std::stoi(row[10]), reused = std::stoi(row[11]);
                QCOMPARE(computed + reused, n);
                if (row[2] == "base") QCOMPARE(bpb, base);
                else QVERIFY2(bpb != base, "finetuning left the query's BPB unchanged");
                if (row[2] == "knn") QCOMPARE(reused, 0);
            }
        }
    }

    void summary_reports_bpb_and_change_vs_knn_per_domain_and_overall() {
        const std::string markdown = readText(out_ + "/summary.md");
        QVERIFY(markdown.find("| domain | N | queries | base | knn | hullft | base vs knn | hullft vs knn |") != std::string::npos);
        QVERIFY(markdown.find("| alpha | 2 |") != std::string::npos);
        QVERIFY(markdown.find("| **all domains** | 1 | 2 |") != std::string::npos);
        QVERIFY(markdown.find("Student-t") != std::string::npos);
        QVERIFY(first_.out.contains("hullft vs knn"));

        // The overall change is the mean of the two queries' relative changes, from the CSV.
        const auto rows = csvRows(out_ + "/results.csv");
        double expected = 0.0;
        for (size_t q = 0; q < 2; ++q)
            expected += 50.0 * (std::stod(rows[5 + q * 5][4]) - std::stod(rows[3 + q * 5][4])) / std::stod(rows[3 + q * 5][4]);
        const nlohmann::json summary = nlohmann::json::parse(readText(out_ + "/summary.json"));
        bool found = false;
        for (const auto& cell : summary.at("cells")) {
            if (cell.at("domain") != "all domains" || cell.at("method") != "hullft" || cell.at("n") != 2) continue;
            found = true;
            QCOMPARE(cell.at("queries").get<int>(), 2);
            QVERIFY(std::abs(cell.at("vs_knn_percent").at("mean").get<double>() - expected) < 1e-6);
            QVERIFY(cell.at("vs_knn_percent").at("ci95_low").get<double>() < cell.at("vs_knn_percent").at("ci95_high").get<double>());
        }
        QVERIFY(found);
    }

    void plots_are_non_trivial_png_images() {
#ifdef HULLFT_WITH_PLOTS
        for (const char* name : {"bpb_vs_n.png", "bpb_vs_time.png", "selection_time.png"}) {
            const QString path = out_ + "/" + name;
            QVERIFY2(readText(path).rfind("\x89PNG\r\n\x1a\n", 0) == 0, name);
            QImage image(path);
            QVERIFY2(!image.isNull(), name);
            QVERIFY(image.width() >= 600 && image.height() >= 400);
            std::set<QRgb> colours;
            for (int y = 0; y < image.height(); y += 3)
                for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 20, name);  // axes, text, anti-aliased series: not a blank canvas
        }
#else
        QVERIFY(first_.out.contains("plots skipped"));
#endif
    }

    void interrupted_run_resumes_to_the_same_rows() {
        const QString out = dir_.filePath("interrupted");
        QProcess process;
        process.start(QStringLiteral(HULLFT_CLI_PATH), benchArgs(out));
        QVERIFY(process.waitForStarted());
        // Ctrl-C once the first row is on disk: the run finishes its current row and stops.
        QElapsedTimer waited;
        waited.start();
        while (csvRows(out + "/results.csv").size() < 2 && waited.elapsed() < 60000) QTest::qWait(20);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardError().contains("stopped after"));
        const size_t kept = csvRows(out + "/results.csv").size() - 1;
        QVERIFY2(kept >= 1 && kept < 10, std::to_string(kept).c_str());
        // And a row cut short by a kill -9 while being written.
        std::ofstream((out + "/results.csv").toStdString(), std::ios::app) << queryIds_[1] << ",beta,hullft,2,1.2";

        const CliResult resumed = runCli(benchArgs(out));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const auto expected = csvRows(out_ + "/results.csv"), rows = csvRows(out + "/results.csv");
        QCOMPARE(rows.size(), expected.size());
        for (size_t i = 1; i < rows.size(); ++i) {  // same order, each row once, same numbers
            QCOMPARE(std::vector<std::string>(rows[i].begin(), rows[i].begin() + 6),
                     std::vector<std::string>(expected[i].begin(), expected[i].begin() + 6));
            QCOMPARE(rows[i][10], expected[i][10]);
            QCOMPARE(rows[i][11], expected[i][11]);
        }
    }

    void rerun_of_a_finished_run_only_writes_the_summary() {
        const QString csv = out_ + "/results.csv";
        const std::string before = readText(csv);
        QFile::remove(out_ + "/summary.md");
        const CliResult again = runCli(benchArgs(out_, {"--store", dir_.filePath("no-such-store")}));
        QVERIFY2(again.exitCode == 0, again.err.constData());  // nothing to run: the store is not opened
        QCOMPARE(readText(csv), before);
        QVERIFY(QFile::exists(out_ + "/summary.md"));
    }

    void rerun_with_other_settings_is_refused() {
        const CliResult other = runCli(benchArgs(out_, {"--lr", "1e-4"}));
        QCOMPARE(other.exitCode, 2);
        QVERIFY(other.err.contains("bench_settings.json"));
        QVERIFY(other.err.contains("lr:"));
    }

    void bpb_rule_is_part_of_the_protocol_and_named_in_the_summary() {
        const nlohmann::json settings = nlohmann::json::parse(readText(out_ + "/bench_settings.json"));
        QCOMPARE(settings.at("protocol").at("bpb_rule").get<std::string>(), std::string("full"));
        QVERIFY(readText(out_ + "/summary.md").find("BPB rule: full") != std::string::npos);
        QCOMPARE(nlohmann::json::parse(readText(out_ + "/summary.json")).at("bpb_rule").get<std::string>(), std::string("full"));
        const CliResult other = runCli(benchArgs(out_, {"--bpb-rule", "reference"}));
        QCOMPARE(other.exitCode, 2);
        QVERIFY2(other.err.contains("bpb_rule: 'full' before, 'reference' now"), other.err.constData());
    }

    // A folder written before the protocol named the rule was scored with the reference rule.
    void folder_without_a_bpb_rule_continues_only_under_the_reference_rule() {
        const QString out = dir_.filePath("before-the-rule");
        QDir().mkpath(out);
        QFile::copy(out_ + "/results.csv", out + "/results.csv");
        nlohmann::json settings = nlohmann::json::parse(readText(out_ + "/bench_settings.json"));
        settings.at("protocol").erase("bpb_rule");
        std::ofstream((out + "/bench_settings.json").toStdString()) << settings.dump(2);
        const CliResult full = runCli(benchArgs(out));
        QCOMPARE(full.exitCode, 2);
        QVERIFY2(full.err.contains("bpb_rule: 'reference' before, 'full' now"), full.err.constData());
        const CliResult reference = runCli(benchArgs(out, {"--bpb-rule", "reference", "--store", dir_.filePath("no-such-store")}));
        QVERIFY2(reference.exitCode == 0, reference.err.constData());
        QVERIFY(readText(out + "/summary.md").find("BPB rule: reference") != std::string::npos);
    }

    // N above K, as the reference allows: hullft still trains N steps on repeated sequences, kNN
    // one step per candidate.
    void n_above_k_runs_hullft_n_steps_and_knn_k_steps() {
        const QString out = dir_.filePath("n-above-k");
        const CliResult result = runCli({"bench", "--store", store_, "--corpus", corpus_, "--out", out, "--methods",
                                         "knn,hullft", "--n", "6", "--k", "4", "--queries-per-domain", "1", "--domains", "alpha"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const auto rows = csvRows(out + "/results.csv");
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(rows[1][2], std::string("knn"));
        QCOMPARE(std::stoi(rows[1][10]) + std::stoi(rows[1][11]), 4);
        QCOMPARE(rows[2][2], std::string("hullft"));
        QCOMPARE(std::stoi(rows[2][10]) + std::stoi(rows[2][11]), 6);
    }

    void bad_input_exits_2_naming_the_option_or_file_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown method") << QStringList{"--methods", "knn,magic"} << "--methods";
        QTest::newRow("unparseable N") << QStringList{"--n", "1,two"} << "--n";
        QTest::newRow("unknown BPB rule") << QStringList{"--bpb-rule", "bytes"} << "--bpb-rule: unknown BPB rule 'bytes' (allowed: full, reference)";
        QTest::newRow("no queries") << QStringList{"--queries-per-domain", "0"} << "--queries-per-domain";
        QTest::newRow("unknown domain") << QStringList{"--domains", "gamma"} << "--domains";
        QTest::newRow("missing store") << QStringList{"--store", "/nonexistent/store"} << "/nonexistent/store";
        QTest::newRow("missing model") << QStringList{"--model", "/nonexistent/model"} << "/nonexistent/model";
        QTest::newRow("missing corpus") << QStringList{"--corpus", "/nonexistent/corpus"} << "/nonexistent/corpus/test.jsonl";
    }
    void bad_input_exits_2_naming_the_option_or_file() {
        QFETCH(QStringList, extra);
        QFETCH(QString, named);
        const CliResult result = runCli(benchArgs(dir_.filePath("bad-" + QString(QTest::currentDataTag()).replace(' ', '-')), extra));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
    }
};

QTEST_MAIN(BenchCliTest)
#include "bench_cli_test.moc"
