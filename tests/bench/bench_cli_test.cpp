// `hullft bench` end to end on the embedded default model and a tiny LM store built by the real
// CLI: two held-out domains, one query each, base/knn/hullft at N = 1, 2. Checks the CSV row by
// row, the summary, the plots, an interrupted and resumed run, sharded runs merged back (by hand
// and by --devices, with a worker killed), and bad input.
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QDir>
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

#include "bench_fixtures.h"
#include "cli_runner.h"

using namespace bench_fixtures;

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
                                                    "finetune_s", "eval_s", "total_s", "computed_steps", "reused_steps",
                                                    "distinct", "mean_cosine", "duplicate_groups"}));
        const std::vector<std::pair<std::string, std::string>> expected = {
            {"base", "0"}, {"knn", "1"}, {"knn", "2"}, {"hullft", "1"}, {"hullft", "2"}};
        for (size_t q = 0; q < 2; ++q) {
            for (size_t m = 0; m < expected.size(); ++m) {
                const auto& row = rows[1 + q * expected.size() + m];
                QCOMPARE(row.size(), size_t(15));
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
                // What the run trained on: kNN N distinct neighbours, a cosine once there are two.
                const int distinct = std::stoi(row[12]);
                QCOMPARE(distinct, row[2] == "knn" ? n : distinct);
                QVERIFY(distinct >= (n > 0 ? 1 : 0) && distinct <= n);
                if (distinct < 2) QCOMPARE(row[13], std::string());
                else QVERIFY(std::stod(row[13]) > -1.0 && std::stod(row[13]) <= 1.0);
                QVERIFY(std::stoi(row[14]) >= 0 && std::stoi(row[14]) <= distinct / 2);
            }
        }
    }

    void summary_reports_bpb_and_change_vs_knn_per_domain_and_overall() {
        const std::string markdown = readText(out_ + "/summary.md");
        QVERIFY(markdown.find("| domain | N | queries | base | knn | hullft | base vs knn | hullft vs knn |") != std::string::npos);
        QVERIFY(markdown.find("| alpha | 2 |") != std::string::npos);
        QVERIFY(markdown.find("| **all domains** | 1 | 2 |") != std::string::npos);
        QVERIFY(markdown.find("Student-t") != std::string::npos);
        QVERIFY(markdown.find("| N | queries | kNN mean cosine | HullFT mean cosine |") != std::string::npos);
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
        for (const char* name : {"bpb_vs_n.png", "bpb_vs_time.png", "selection_time.png", "redundancy_vs_gain.png"}) {
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
        // Same order, each row once, same numbers.
        const std::string difference = firstDifference(rowsWithoutTimings(out + "/results.csv"), rowsWithoutTimings(out_ + "/results.csv"));
        QVERIFY2(difference.empty(), difference.c_str());
    }

    // --sessions records every run of the invocation in one audit session under OUT/sessions,
    // signed at close with --sign-key: it verifies against the public key and holds each run.
    void sessions_record_every_run_signed_with_the_key() {
        const QString key = dir_.filePath("bench.key");
        QCOMPARE(runCli({"session", "keygen", key}).exitCode, 0);
        const QString out = dir_.filePath("recorded");
        const CliResult result = runCli(benchArgs(out, {"--sessions", "--sign-key", key}));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QStringList sessions = QDir(out + "/sessions").entryList({"bench-*.hullft"}, QDir::Files);
        QCOMPARE(sessions.size(), 1);
        const QString session = out + "/sessions/" + sessions.front();
        const CliResult verified = runCli({"session", "verify", session, "--public-key", key + ".pub"});
        QVERIFY2(verified.exitCode == 0 && verified.out.contains("chain head signed at close by SHA256:"),
                 (verified.out + verified.err).constData());
        const CliResult shown = runCli({"session", "show", session});
        QVERIFY2(shown.out.contains("queries: " + QByteArray::number(int(csvRows(out + "/results.csv").size()) - 1) + "\n"),
                 shown.out.constData());
        QCOMPARE(runCli(benchArgs(dir_.filePath("unrecorded"), {"--sign-key", key})).exitCode, 2);
    }

    void shards_split_the_runs_and_merge_to_the_unsharded_results() {
        std::set<std::vector<std::string>> seen;
        QStringList folders;
        for (int i = 1; i <= 3; ++i) {
            const QString shard = dir_.filePath(QString("shard-%1").arg(i));
            const CliResult result = runCli(benchArgs(shard, {"--shard", QString("%1/3").arg(i)}));
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QVERIFY(result.out.contains("hullft bench merge"));
            QVERIFY(!QFile::exists(shard + "/summary.md"));  // a shard alone summarises nothing
            const auto rows = rowsWithoutTimings(shard + "/results.csv");
            QVERIFY2(rows.size() >= 4, "10 runs of work 1-3 over 3 shards: at least 3 each");
            for (size_t r = 1; r < rows.size(); ++r) QVERIFY2(seen.insert(rows[r]).second, "a run in two shards");
            folders << shard;
        }
        QCOMPARE(seen.size(), size_t(10));
        const QString merged = dir_.filePath("merged");
        const CliResult merge = runCli(QStringList{"bench", "merge", merged} + folders);
        QVERIFY2(merge.exitCode == 0, merge.err.constData());
        const std::string difference = firstDifference(rowsWithoutTimings(merged + "/results.csv"), rowsWithoutTimings(out_ + "/results.csv"));
        QVERIFY2(difference.empty(), difference.c_str());
        const auto cells = [](const QString& folder) {
            return nlohmann::json::parse(readText(folder + "/summary.json")).at("cells");
        };
        QCOMPARE(cells(merged).dump(), cells(out_).dump());
        // The merged folder is an ordinary finished benchmark: the same command only re-renders it.
        const std::string mergedCsv = readText(merged + "/results.csv");
        const CliResult rerender = runCli(benchArgs(merged));
        QVERIFY2(rerender.exitCode == 0, rerender.err.constData());
        QCOMPARE(readText(merged + "/results.csv"), mergedCsv);
    }

    void merge_refuses_anything_but_every_shard_of_one_sweep() {
        QStringList all;
        for (int i = 1; i <= 3; ++i) all << dir_.filePath(QString("shard-%1").arg(i));
        const QString out = dir_.filePath("refused");
        const auto merge = [&](const QStringList& folders, const QStringList& extra = {}) {
            return runCli(QStringList{"bench", "merge"} + extra + QStringList{out} + folders);
        };
        CliResult result = merge({all[0], all[1]});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("shard 3/3 is not among the folders given"), result.err.constData());
        result = merge({all[0], all[1], all[1]});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("is shard 2/3, as"), result.err.constData());
        result = merge({all[0], all[1], out_});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("is not a shard"), result.err.constData());
        result = runCli(QStringList{"bench", "merge", all[0]} + all);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("is one of the shards being merged"), result.err.constData());
        result = runCli(QStringList{"bench", "merge", dir_.filePath("merged")} + all);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("already exists") && result.err.contains("--force"), result.err.constData());
        QVERIFY(QFile::exists(dir_.filePath("merged") + "/results.csv"));

        // An unfinished shard (its last row lost) and one of another sweep (other K).
        const QString partial = dir_.filePath("shard-partial");
        QVERIFY(QDir().mkpath(partial));
        QVERIFY(QFile::copy(all[2] + "/bench_settings.json", partial + "/bench_settings.json"));
        std::string csv = readText(all[2] + "/results.csv");
        csv.erase(csv.rfind('\n', csv.size() - 2) + 1);
        std::ofstream((partial + "/results.csv").toStdString(), std::ios::binary) << csv;
        result = merge({all[0], all[1], partial});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("runs; rerun that shard's command to finish it"), result.err.constData());

        const QString otherK = dir_.filePath("shard-other-k");
        result = runCli(benchArgs(otherK, {"--shard", "3/3", "--k", "30"}));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        result = merge({all[0], all[1], otherK});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("belongs to another sweep") && result.err.contains("k: '40'"), result.err.constData());
        QVERIFY(!QFile::exists(out + "/results.csv"));
    }

    void shard_rerun_with_another_shard_is_refused() {
        const CliResult result = runCli(benchArgs(dir_.filePath("shard-1"), {"--shard", "2/3"}));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("shard: '1/3' before, '2/3' now"), result.err.constData());
    }

    void devices_run_one_worker_each_and_a_killed_worker_resumes() {
        const QString out = dir_.filePath("devices");
        QProcess parent;
        parent.start(QStringLiteral(HULLFT_CLI_PATH), benchArgs(out, {"--devices", "cpu,cpu"}));
        QVERIFY(parent.waitForStarted());
        // kill -9 worker 1 once it has a row on disk: the parent reports it and exits 1.
        QVERIFY(parent.waitForReadyRead(60000));
        QElapsedTimer waited;
        waited.start();
        QByteArray said;
        while (!said.contains("worker 2/2") && waited.elapsed() < 60000) {
            parent.waitForReadyRead(1000);
            said += parent.readAllStandardOutput();
        }
        const QRegularExpressionMatch pid = QRegularExpression("worker 1/2 on cpu \\(pid (\\d+)\\)").match(QString::fromUtf8(said));
        QVERIFY2(pid.hasMatch(), said.constData());
        const QString shard = out + "/shard-1-of-2";
        while (csvRows(shard + "/results.csv").size() < 2 && waited.elapsed() < 60000) QTest::qWait(20);
        ::kill(static_cast<pid_t>(pid.captured(1).toLongLong()), SIGKILL);
        QVERIFY(parent.waitForFinished(120000));
        QCOMPARE(parent.exitCode(), 1);
        const QByteArray err = parent.readAllStandardError();
        QVERIFY2(err.contains("worker 1/2 on cpu exited with code 137") && err.contains("rerun the same command"), err.constData());
        QVERIFY(!QFile::exists(out + "/results.csv"));

        const CliResult resumed = runCli(benchArgs(out, {"--devices", "cpu,cpu"}));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY(QFile::exists(out + "/shard-2-of-2/worker.log"));
        const std::string difference = firstDifference(rowsWithoutTimings(out + "/results.csv"), rowsWithoutTimings(out_ + "/results.csv"));
        QVERIFY2(difference.empty(), difference.c_str());
        QVERIFY(QFile::exists(out + "/summary.md"));
    }

    void devices_refuse_bad_lists() {
        for (const QStringList& extra : {QStringList{"--devices", "cuda:0,cuda:0"}, QStringList{"--devices", "gpu1"},
                                         QStringList{"--devices", "cpu,cpu", "--shard", "1/2"}}) {
            const CliResult result = runCli(benchArgs(dir_.filePath("bad-devices"), extra));
            QCOMPARE(result.exitCode, 2);
            QVERIFY2(result.err.contains("--devices"), result.err.constData());
        }
    }

    void rerun_of_a_finished_run_only_writes_the_summary() {
        const QString csv = out_ + "/results.csv";
        const std::string before = readText(csv);
        QFile::remove(out_ + "/summary.md");
        const CliResult again = runCli(benchArgs(out_));
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(readText(csv), before);
        QVERIFY(QFile::exists(out_ + "/summary.md"));
    }

    // Nothing is left to run, yet a rerun must still be the same benchmark: a missing or another
    // store is refused, and the folder's rows and summary stay as they were.
    void rerun_of_a_finished_run_rechecks_what_it_ran_on() {
        const std::string rows = readText(out_ + "/results.csv"), summary = readText(out_ + "/summary.json");
        const CliResult missing = runCli(benchArgs(out_, {"--store", dir_.filePath("no-such-store")}));
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("no-such-store"), missing.err.constData());
        const QString other = dir_.filePath("other-store");
        const CliResult built = runCli({"store", "build", "--store", other, "--corpus", corpus_, "--max-tokens", "48"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        const CliResult moved = runCli(benchArgs(out_, {"--store", other}));
        QCOMPARE(moved.exitCode, 2);
        QVERIFY2(moved.err.contains("bench_settings.json") && moved.err.contains("store_"), moved.err.constData());
        QCOMPARE(readText(out_ + "/results.csv"), rows);
        QCOMPARE(readText(out_ + "/summary.json"), summary);
    }

    // `bench summary` redraws a folder's summary from its rows alone: no model or store is opened.
    void summary_of_a_folder_needs_only_its_rows() {
        const QString copy = dir_.filePath("copied-run");
        QDir().mkpath(copy);
        for (const char* file : {"/results.csv", "/bench_settings.json"}) QVERIFY(QFile::copy(out_ + file, copy + file));
        const CliResult summary = runCli({"bench", "summary", copy});
        QVERIFY2(summary.exitCode == 0, summary.err.constData());
        QCOMPARE(readText(copy + "/summary.json"), readText(out_ + "/summary.json"));
        QVERIFY(QFile::exists(copy + "/bpb_vs_n.png"));
        const CliResult shard = runCli({"bench", "summary", dir_.filePath("shard-1")});
        QCOMPARE(shard.exitCode, 2);
        QVERIFY2(shard.err.contains("is one shard of a sweep"), shard.err.constData());
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
        const CliResult reference = runCli(benchArgs(out, {"--bpb-rule", "reference"}));
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
        QTest::newRow("shard beyond N") << QStringList{"--shard", "4/3"} << "--shard";
        QTest::newRow("shard not I/N") << QStringList{"--shard", "2"} << "--shard";
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
