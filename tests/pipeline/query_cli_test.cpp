// `hullft query` on the embedded default model and a tiny LM-embedded store built by the real
// CLI: every method selects N training steps, finetunes, scores and records a verifiable session.
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "cli_runner.h"
#include "store_fixtures.h"

namespace {

constexpr int kN = 6;

nlohmann::json queryJson(const QString& store, const QString& textFile, const QString& method,
                         const QStringList& extra = {}) {
    const CliResult result = runCli(QStringList{"query", "--store", store, "--text-file", textFile, "--method", method,
                                                "--n", QString::number(kN), "--k", "40", "--generate-tokens", "8", "--json"} +
                                    extra);
    if (result.exitCode != 0) qWarning("%s", result.err.constData());
    return result.exitCode == 0 ? nlohmann::json::parse(result.out.toStdString()) : nlohmann::json();
}

}  // namespace

class PipelineQueryCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_, query_;
    QString smallStore_;  // fewer sequences than the default K = 200 and than N = 20
    int smallStoreSequences_ = 0;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 12, 600);
        store_ = dir_.filePath("store");
        const CliResult built = runCli({"store", "build", "--store", store_, "--corpus", dir_.filePath("corpus"),
                                        "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        query_ = dir_.filePath("query.txt");
        std::ofstream(query_.toStdString()) << store_fixtures::documentText(3, 300);

        store_fixtures::writeCorpus(dir_.filePath("small-corpus"), 2, 150);
        smallStore_ = dir_.filePath("small-store");
        const CliResult small = runCli({"store", "build", "--store", smallStore_, "--corpus", dir_.filePath("small-corpus"),
                                        "--max-tokens", "64"});
        QVERIFY2(small.exitCode == 0, small.err.constData());
        smallStoreSequences_ = std::stoi(store_fixtures::column(smallStore_, "SELECT count(*) FROM sequences").at(0));
        QVERIFY(smallStoreSequences_ >= 2 && smallStoreSequences_ < 20);
    }

    void every_method_trains_n_steps_and_reports_bpb_data() {
        QTest::addColumn<QString>("method");
        for (const char* method : {"knn", "sift", "hullft", "hullft-noreuse", "fw-pad"}) QTest::newRow(method) << method;
    }
    void every_method_trains_n_steps_and_reports_bpb() {
        QFETCH(QString, method);
        const nlohmann::json json = queryJson(store_, query_, method);
        QVERIFY(!json.is_null());
        QCOMPARE(json.at("method").get<std::string>(), method.toStdString());
        QCOMPARE(json.at("training_order").size(), size_t(kN));
        int counted = 0;
        for (const auto& chosen : json.at("selection")) counted += chosen.at("count").get<int>();
        QCOMPARE(counted, kN);
        const double base = json.at("base_bpb").get<double>(), adapted = json.at("adapted_bpb").get<double>();
        QVERIFY(std::isfinite(base) && base > 0 && std::isfinite(adapted) && adapted > 0);
        QVERIFY2(adapted != base, "finetuning left the query's BPB unchanged");
        const auto& finetune = json.at("finetune");
        QCOMPARE(finetune.at("computed_steps").get<int>() + finetune.at("reused_steps").get<int>(), kN);
        if (method == "knn" || method == "hullft-noreuse") QCOMPARE(finetune.at("reused_steps").get<int>(), 0);
    }

    // A user's own small store: K (200 by default) is clamped to its sequences, and N = 20 is more
    // than it holds. hullft, hullft-noreuse, fw-pad and SIFT repeat sequences to train 20 steps;
    // kNN trains on each sequence once. The report and the JSON say so.
    void store_smaller_than_k_and_n_works_for_every_method_data() {
        QTest::addColumn<QString>("method");
        for (const char* method : {"base", "knn", "sift", "hullft", "hullft-noreuse", "fw-pad"}) QTest::newRow(method) << method;
    }
    void store_smaller_than_k_and_n_works_for_every_method() {
        QFETCH(QString, method);
        const QStringList query{"query", "--store", smallStore_, "--text-file", query_, "--method", method, "--n", "20",
                                "--generate-tokens", "4"};
        const CliResult json = runCli(query + QStringList{"--json"});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const nlohmann::json result = nlohmann::json::parse(json.out.toStdString());
        QCOMPARE(result.at("k").get<int>(), 200);
        QCOMPARE(result.at("k_used").get<int>(), smallStoreSequences_);
        const size_t steps = result.at("training_order").size();
        const size_t expected = method == "base" ? 0 : method == "knn" ? size_t(smallStoreSequences_) : 20;
        QCOMPARE(steps, expected);
        int counted = 0;
        for (const auto& chosen : result.at("selection")) counted += chosen.at("count").get<int>();
        QCOMPARE(counted, int(expected));
        QVERIFY(result.at("selection").size() <= size_t(smallStoreSequences_));
        QVERIFY(std::isfinite(result.at("adapted_bpb").get<double>()));

        const CliResult report = runCli(query);
        QVERIFY2(report.exitCode == 0, report.err.constData());
        const QString clamped = QString("K clamped to %1: the store returned %1 candidates, fewer than K = 200")
                                    .arg(smallStoreSequences_);
        QCOMPARE(report.out.contains(clamped.toUtf8()), method != "base");
        if (method == "knn")
            QVERIFY2(report.out.contains(QString("kNN trained on each of the %1 candidates once: %1 steps, fewer than N = 20")
                                             .arg(smallStoreSequences_)
                                             .toUtf8()),
                     report.out.constData());
        else if (method != "base")
            QVERIFY2(report.out.contains("Fewer candidates than N = 20: the 20 steps repeat sequences"), report.out.constData());
    }

    void base_method_adapts_nothing() {
        const nlohmann::json json = queryJson(store_, query_, "base");
        QVERIFY(!json.is_null());
        QCOMPARE(json.at("training_order").size(), size_t(0));
        QCOMPARE(json.at("adapted_bpb").get<double>(), json.at("base_bpb").get<double>());
    }

    // Seeds fixed and no thread-count dependence: two processes agree to the last bit.
    void same_inputs_give_the_same_selection_and_bpb() {
        const nlohmann::json first = queryJson(store_, query_, "hullft");
        const nlohmann::json second = queryJson(store_, query_, "hullft");
        QVERIFY(!first.is_null() && !second.is_null());
        QCOMPARE(first.at("selection"), second.at("selection"));
        QCOMPARE(first.at("training_order"), second.at("training_order"));
        QVERIFY(first.at("base_bpb").get<double>() == second.at("base_bpb").get<double>());  // exact, not fuzzy
        QVERIFY(first.at("adapted_bpb").get<double>() == second.at("adapted_bpb").get<double>());
        QCOMPARE(first.at("adapted_continuation"), second.at("adapted_continuation"));
    }

    // A 300-byte query is within the default model's 1024-token window: both rules give the same
    // number, and every output says which rule gave it.
    void bpb_rule_is_named_in_the_json_the_report_and_the_session() {
        const nlohmann::json full = queryJson(store_, query_, "base");
        const nlohmann::json reference = queryJson(store_, query_, "base", {"--bpb-rule", "reference"});
        QVERIFY(!full.is_null() && !reference.is_null());
        QCOMPARE(full.at("bpb_rule").get<std::string>(), std::string("full"));
        QCOMPARE(reference.at("bpb_rule").get<std::string>(), std::string("reference"));
        QVERIFY(full.at("base_bpb").get<double>() == reference.at("base_bpb").get<double>());

        const QString session = dir_.filePath("reference-rule.hullft");
        const CliResult report = runCli({"query", "--store", store_, "--text-file", query_, "--method", "base", "--generate-tokens",
                                         "0", "--bpb-rule", "reference", "--session", session});
        QVERIFY2(report.exitCode == 0, report.err.constData());
        QVERIFY2(report.out.contains("Bits per byte (reference rule): base"), report.out.constData());
        const CliResult shown = runCli({"session", "show", session});
        QVERIFY2(shown.out.contains("[reference BPB rule]"), shown.out.constData());
        const CliResult exported = runCli({"session", "export", session, "--format", "json"});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        const nlohmann::json document = nlohmann::json::parse(exported.out.toStdString());
        QCOMPARE(document.at("session").at("settings").at("bpb_rule").get<std::string>(), std::string("reference"));
        QCOMPARE(document.at("queries").at(0).at("bpb_rule").get<std::string>(), std::string("reference"));
    }

    void unknown_bpb_rule_is_refused_naming_the_allowed_rules() {
        const CliResult result = runCli({"query", "--store", store_, "--text-file", query_, "--bpb-rule", "whole"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--bpb-rule: unknown BPB rule 'whole' (allowed: full, reference)"), result.err.constData());
    }

    void session_of_a_query_verifies() {
        const QString session = dir_.filePath("q.hullft");
        QVERIFY(!queryJson(store_, query_, "hullft", {"--session", session}).is_null());
        const CliResult verified = runCli({"session", "verify", session});
        QCOMPARE(verified.exitCode, 0);
        QVERIFY(verified.out.startsWith("OK"));
    }
};

QTEST_GUILESS_MAIN(PipelineQueryCliTest)
#include "query_cli_test.moc"
