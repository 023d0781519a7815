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
