// `--embedder hf:DIR` end to end through the CLI: a store built with the sentence-transformers
// fixture (tests/data/model/encoders/st_mean), searched and queried with it, and refused
// without it.

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "store_fixtures.h"

namespace {

const QString kSentenceTransformers = HULLFT_TEST_DATA_DIR "/model/encoders/st_mean";
const QString kBert = HULLFT_TEST_DATA_DIR "/model/encoders/bert";

}  // namespace

class HfEmbedderCliTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 6, 600);
        const CliResult built =
            runCli({"store", "build", "--embedder", "hf:" + kSentenceTransformers, "--store", store(),
                    "--corpus", dir_.filePath("corpus"), "--batch-size", "8", "--device", "cpu"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
    }

    void store_build_records_the_hf_embedder_and_its_length() {
        const CliResult info = runCli({"store", "info", store(), "--json"});
        QCOMPARE(info.exitCode, 0);
        const nlohmann::json json = nlohmann::json::parse(info.out.toStdString());
        const QString identity = QString::fromStdString(json.at("embedder").get<std::string>());
        QVERIFY2(identity.contains(QRegularExpression("^hf-[0-9a-f]{16}-mean-normalized-max48$")),
                 qPrintable(identity));
        QCOMPARE(json.at("dimension").get<int>(), 32);
        QCOMPARE(json.at("max_tokens").get<int>(), 46);  // 48 less [CLS] and [SEP]
        QCOMPARE(json.at("documents").get<int>(), 6);
        QVERIFY(json.at("sequences").get<int>() >= 6);
    }

    void store_search_embeds_with_the_hf_folder() {
        const CliResult search =
            runCli({"store", "search", "--store", store(), "--text", "the cat sat on the mat", "--k", "3",
                    "--json", "--embedder", "hf:" + kSentenceTransformers});
        QVERIFY2(search.exitCode == 0, search.err.constData());
        const nlohmann::json results = nlohmann::json::parse(search.out.toStdString());
        QCOMPARE(results.size(), size_t(3));
        // Unit-norm vectors: inner products are cosines, best first.
        QVERIFY(results[0].at("score").get<double>() <= 1.0 + 1e-5);
        QVERIFY(results[0].at("score").get<double>() >= results[2].at("score").get<double>());
    }

    void search_without_the_hf_embedder_is_refused_naming_it() {
        const CliResult search = runCli({"store", "search", "--store", store(), "--text", "anything"});
        QCOMPARE(search.exitCode, 2);
        QVERIFY2(search.err.contains("pass --embedder hf:DIR"), search.err.constData());
        QVERIFY2(search.err.contains("embedder 'hf-"), search.err.constData());
    }

    void search_with_another_hf_folder_is_refused() {
        const CliResult search = runCli(
            {"store", "search", "--store", store(), "--text", "anything", "--embedder", "hf:" + kBert});
        QCOMPARE(search.exitCode, 2);
        QVERIFY2(search.err.contains("did not build the store"), search.err.constData());
    }

    void query_embeds_with_the_hf_folder_and_scores_with_the_lm() {
        const QString text = "A short query about the cat and the mat, and what the store holds.\n";
        QFile file(dir_.filePath("query.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        file.close();
        const QStringList query = {"query",   "--text-file", dir_.filePath("query.txt"),
                                   "--store", store(),       "--method",
                                   "knn",     "--n",         "2",
                                   "--k",     "4",           "--generate-tokens",
                                   "2",       "--device",    "cpu",
                                   "--json"};
        const CliResult refused = runCli(query);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("pass --embedder hf:DIR"), refused.err.constData());
        const CliResult answered = runCli(query + QStringList{"--embedder", "hf:" + kSentenceTransformers});
        QVERIFY2(answered.exitCode == 0, answered.err.constData());
        const nlohmann::json result = nlohmann::json::parse(answered.out.toStdString());
        QCOMPARE(result.at("selection").size(), size_t(2));
        QVERIFY(result.at("base_bpb").get<double>() > 0.0 && result.at("adapted_bpb").get<double>() > 0.0);
        // The query was embedded as `store search` embeds it (the encoder and its tokenizer, not
        // the LM): the same nearest sequence with the same cosine.
        const CliResult search = runCli({"store", "search", "--store", store(), "--text", text, "--k", "1",
                                         "--json", "--embedder", "hf:" + kSentenceTransformers});
        QVERIFY2(search.exitCode == 0, search.err.constData());
        const nlohmann::json nearest = nlohmann::json::parse(search.out.toStdString()).at(0);
        const nlohmann::json& first = result.at("selection").at(0);
        QCOMPARE(first.at("sequence_id").get<int64_t>(), nearest.at("sequence_id").get<int64_t>());
        QVERIFY(std::abs(first.at("similarity").get<double>() - nearest.at("score").get<double>()) < 1e-5);
    }

private:
    QString store() const { return dir_.filePath("store"); }
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(HfEmbedderCliTest)
#include "hf_embedder_cli_test.moc"
