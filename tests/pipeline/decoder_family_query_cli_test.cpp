// `hullft store build` and `hullft query` on the transformers-made decoder fixtures
// (tests/data/model/decoders): each family's own tokenizer and hidden states build the store, a
// query finetunes it fully and with LoRA (the adapter saved in PEFT's layout), and the session
// records which parameters were adapted.
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "cli_runner.h"
#include "store_fixtures.h"

namespace {

constexpr int kN = 4;

QString fixture(const QString& name) { return QStringLiteral(HULLFT_TEST_DATA_DIR "/model/decoders/") + name; }

}  // namespace

class DecoderFamilyQueryCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString query_;

    nlohmann::json query(const QString& family, const QStringList& extra) {
        const CliResult result = runCli(QStringList{"query", "--model", fixture(family), "--store", dir_.filePath(family),
                                                    "--text-file", query_, "--n", QString::number(kN), "--k", "20",
                                                    "--generate-tokens", "4", "--json"} +
                                        extra);
        if (result.exitCode != 0) qWarning("%s", result.err.constData());
        return result.exitCode == 0 ? nlohmann::json::parse(result.out.toStdString()) : nlohmann::json();
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 6, 400);
        query_ = dir_.filePath("query.txt");
        std::ofstream(query_.toStdString()) << store_fixtures::documentText(2, 200);
    }

    void families_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("targets");
        QTest::addColumn<QString>("firstAdapter");
        QTest::newRow("llama (byte-level BPE + BOS)") << "llama" << "q_proj,v_proj"
                                                      << "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight";
        QTest::newRow("gpt_neox (fused per-head qkv)") << "gpt_neox" << "query_key_value"
                                                       << "base_model.model.gpt_neox.layers.0.attention.query_key_value.lora_A.weight";
        QTest::newRow("phi3 (SentencePiece BPE, fused qkv)") << "phi3" << "qkv_proj,gate_up_proj"
                                                             << "base_model.model.model.layers.0.self_attn.qkv_proj.lora_A.weight";
    }
    void families() {
        QFETCH(QString, family);
        QFETCH(QString, targets);
        QFETCH(QString, firstAdapter);
        const CliResult built = runCli({"store", "build", "--store", dir_.filePath(family), "--corpus",
                                        dir_.filePath("corpus"), "--model", fixture(family), "--embedder", "lm",
                                        "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());

        const nlohmann::json full = query(family, {"--method", "hullft"});
        QVERIFY(!full.is_null());
        QCOMPARE(full.at("training_order").size(), size_t(kN));
        QVERIFY(std::isfinite(full.at("adapted_bpb").get<double>()));
        QVERIFY2(full.at("adapted_bpb") != full.at("base_bpb"), "full finetuning left the BPB unchanged");

        const QString adapter = dir_.filePath(family + "-adapter");
        const QString session = dir_.filePath(family + ".hullft");
        const nlohmann::json lora = query(family, {"--method", "knn", "--adapt", "lora", "--lora-rank", "4",
                                                   "--lora-targets", targets, "--save-adapter", adapter, "--session", session});
        QVERIFY(!lora.is_null());
        QCOMPARE(lora.at("base_bpb"), full.at("base_bpb"));  // the same model and text in another process
        QVERIFY2(lora.at("adapted_bpb") != lora.at("base_bpb"), "the adapter left the BPB unchanged");
        QCOMPARE(lora.at("finetune").at("adapter_saved_to").get<std::string>(), adapter.toStdString());
        QVERIFY(QFile::exists(adapter + "/adapter_config.json"));
        QVERIFY(QFile::exists(adapter + "/adapter_model.safetensors"));

        QCOMPARE(runCli({"session", "verify", session}).exitCode, 0);
        const CliResult exported = runCli({"session", "export", session, "--format", "json"});
        QCOMPARE(exported.exitCode, 0);
        QVERIFY2(exported.out.contains("\"adaptation\""), "no adaptation record");
        QVERIFY2(exported.out.contains(firstAdapter.toUtf8()), "the adapted parameters are not named");
    }

    void an_existing_adapter_folder_is_never_overwritten() {
        const QString adapter = dir_.filePath("llama-adapter");  // written by families()
        const QByteArray before = [&] {
            QFile file(adapter + "/adapter_model.safetensors");
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(!before.isEmpty());
        const CliResult result = runCli({"query", "--model", fixture("llama"), "--store", dir_.filePath("llama"),
                                         "--text-file", query_, "--adapt", "lora", "--save-adapter", adapter});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("exists and is not empty"), result.err.constData());
        QFile file(adapter + "/adapter_model.safetensors");
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }

    void saving_an_adapter_needs_lora() {
        const CliResult result = runCli({"query", "--model", fixture("llama"), "--store", dir_.filePath("llama"),
                                         "--text-file", query_, "--save-adapter", dir_.filePath("x")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("an adapter can only be saved from a LoRA adaptation"), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(DecoderFamilyQueryCliTest)
#include "decoder_family_query_cli_test.moc"
