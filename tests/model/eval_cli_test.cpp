#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>

#include <random>

#include "cli_runner.h"

namespace {

QString fixture(const QString& name) { return QStringLiteral(HULLFT_TEST_DATA_DIR "/model/") + name; }

QJsonObject expectedBpb(const QString& name) {
    QFile file(fixture("reference/expected.json"));
    file.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(file.readAll()).object()["bytes"].toObject()[name].toObject();
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(bytes);
    return file.fileName();
}

// `bytes` of ASCII prose: words drawn from a fixed list by a fixed-seed generator.
QByteArray article(int bytes) {
    static const char* const kWords[] = {"the",   "model", "reads", "a",      "long",   "article", "about", "rivers",
                                         "and",   "hills", "where", "people", "walked", "slowly",  "under", "grey",
                                         "skies", "while", "birds", "sang",   "of",     "summer",  "rain",  "fields"};
    std::mt19937 random(7);
    QByteArray text;
    while (text.size() < bytes) {
        text += kWords[random() % 24];
        text += random() % 9 == 0 ? ".\n" : " ";
    }
    return text.left(bytes);
}

QJsonObject evalJson(const QStringList& arguments) {
    const CliResult result = runCli(QStringList{"eval", "--device", "cpu"} + arguments);
    if (result.exitCode != 0) qWarning("%s", result.err.constData());
    return result.exitCode == 0 ? QJsonDocument::fromJson(result.out).object() : QJsonObject();
}

}  // namespace

class EvalCliTest : public QObject {
    Q_OBJECT
private slots:
    void eval_prints_bits_per_byte_of_the_reference_under_its_rule() {
        const CliResult result = runCli({"eval", "--model", fixture("gpt2_bytes"), "--text-file",
                                         fixture("reference/bpb_long.txt"), "--device", "cpu", "--bpb-rule", "reference"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith("{\"bpb\":"), result.out.constData());
        const QJsonObject printed = QJsonDocument::fromJson(result.out).object();
        const QJsonObject expected = expectedBpb("bpb_long");
        QVERIFY(std::abs(printed["bpb"].toDouble() - expected["bpb"].toDouble()) < 1e-5);
        QCOMPARE(printed["tokens"].toInt(), expected["tokens"].toInt());
        QCOMPARE(printed["bytes"].toInt(), expected["bytes"].toInt());
        QCOMPARE(printed["bpb_rule"].toString(), QStringLiteral("reference"));
        QCOMPARE(printed.keys().size(), 4);
    }

    // bpb_long.txt (149 bytes) is longer than the fixture's 64 positions: by default every token
    // is scored, and the output says which rule gave the number.
    void default_rule_scores_the_whole_text_and_says_so() {
        const QStringList text{"--model", fixture("gpt2_bytes"), "--text-file", fixture("reference/bpb_long.txt")};
        const QJsonObject full = evalJson(text);
        const QJsonObject reference = evalJson(text + QStringList{"--bpb-rule", "reference"});
        QCOMPARE(full["bpb_rule"].toString(), QStringLiteral("full"));
        QCOMPARE(full["tokens"].toInt(), 149);
        QCOMPARE(full["bytes"].toInt(), 149);
        QCOMPARE(reference["tokens"].toInt(), 64);
        QVERIFY2(full["bpb"].toDouble() > 1.5 * reference["bpb"].toDouble(),
                 qPrintable(QString("%1 vs %2").arg(full["bpb"].toDouble()).arg(reference["bpb"].toDouble())));
        QCOMPARE(evalJson(text + QStringList{"--bpb-rule", "full"}), full);
    }

    // The case on the embedded default model (1024 positions): a 5.6 kB article. The
    // reference rule divides the first 1024 tokens' bits by all 5600 bytes.
    void long_article_on_the_default_model_is_scored_whole_by_default() {
        QTemporaryDir dir;
        const QString textFile = writeFile(dir, "article.txt", article(5600));
        const QStringList text{"--model", QStringLiteral(HULLFT_SOURCE_DIR "/resources/models/default"), "--text-file", textFile};
        const QJsonObject full = evalJson(text);
        const QJsonObject reference = evalJson(text + QStringList{"--bpb-rule", "reference"});
        QCOMPARE(full["tokens"].toInt(), 5600);
        QCOMPARE(reference["tokens"].toInt(), 1024);
        QCOMPARE(full["bytes"].toInt(), 5600);
        QCOMPARE(reference["bytes"].toInt(), 5600);
        QVERIFY2(full["bpb"].toDouble() > 3.0 * reference["bpb"].toDouble(),
                 qPrintable(QString("%1 vs %2").arg(full["bpb"].toDouble()).arg(reference["bpb"].toDouble())));
    }

    void both_rules_agree_on_a_text_shorter_than_the_context() {
        const QStringList text{"--model", fixture("gpt2_bytes"), "--text-file", fixture("reference/bpb_short.txt")};
        const QJsonObject full = evalJson(text), reference = evalJson(text + QStringList{"--bpb-rule", "reference"});
        QCOMPARE(full["bpb"].toDouble(), reference["bpb"].toDouble());
        QCOMPARE(full["tokens"].toInt(), 43);
        QCOMPARE(reference["tokens"].toInt(), 43);
    }

    void corpus_eval_names_its_rule_and_scores_long_documents_whole() {
        QTemporaryDir dir;
        const QByteArray line = "{\"id\":\"d1\",\"domain\":\"prose\",\"text\":\"" + article(600).replace("\n", "\\n") + "\"}\n";
        const QString split = writeFile(dir, "test.jsonl", line);
        const QStringList corpus{"--model", fixture("gpt2_bytes"), "--jsonl", split};
        const QJsonObject full = evalJson(corpus);
        const QJsonObject reference = evalJson(corpus + QStringList{"--bpb-rule", "reference"});
        QCOMPARE(full["bpb_rule"].toString(), QStringLiteral("full"));
        QCOMPARE(reference["bpb_rule"].toString(), QStringLiteral("reference"));
        const QJsonObject fullAll = full["model"].toObject()["all"].toObject();
        const QJsonObject referenceAll = reference["model"].toObject()["all"].toObject();
        QCOMPARE(fullAll["bytes"].toInt(), 600);
        QCOMPARE(referenceAll["bytes"].toInt(), 600);
        QVERIFY2(fullAll["bpb"].toDouble() > 5.0 * referenceAll["bpb"].toDouble(),
                 qPrintable(QString("%1 vs %2").arg(fullAll["bpb"].toDouble()).arg(referenceAll["bpb"].toDouble())));
    }

    void unknown_bpb_rule_exits_2_naming_the_allowed_rules() {
        const CliResult result = runCli({"eval", "--model", fixture("gpt2_bytes"), "--text-file",
                                         fixture("reference/bpb_short.txt"), "--device", "cpu", "--bpb-rule", "bytes"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains("--bpb-rule: unknown BPB rule 'bytes' (allowed: full, reference)"), result.err.constData());
    }

    void bad_input_exits_2_naming_the_file_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("named");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing model folder") << "/nonexistent/model" << QByteArray("hello") << "/nonexistent/model" << "does not exist";
        QTest::newRow("corrupt weights") << "CORRUPT" << QByteArray("hello") << "model.safetensors" << "header";
        QTest::newRow("empty text") << "" << QByteArray() << "text.txt" << "text is empty";
        QTest::newRow("text not UTF-8") << "" << QByteArray("caf\xe9 au lait") << "text.txt" << "UTF-8";
    }
    void bad_input_exits_2_naming_the_file() {
        QFETCH(QString, model);
        QFETCH(QByteArray, text);
        QFETCH(QString, named);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        if (model.isEmpty()) model = fixture("gpt2_bytes");
        if (model == "CORRUPT") {
            QDir().mkpath(dir.filePath("corrupt"));
            QFile::copy(fixture("gpt2_bytes/config.json"), dir.filePath("corrupt/config.json"));
            writeFile(dir, "corrupt/model.safetensors", QByteArray("\x10\0\0\0\0\0\0\0{\"a\": garbage!!}", 24));
            model = dir.filePath("corrupt");
        }
        const QString textFile = writeFile(dir, "text.txt", text);
        const CliResult result = runCli({"eval", "--model", model, "--text-file", textFile, "--device", "cpu"});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
        QVERIFY2(result.err.contains(problem.toUtf8()), result.err.constData());
    }

    void missing_text_file_and_bad_device_are_usage_errors() {
        QCOMPARE(runCli({"eval", "--model", fixture("gpt2_bytes"), "--text-file", "/nonexistent.txt"}).exitCode, 2);
        const CliResult device = runCli({"eval", "--model", fixture("gpt2_bytes"), "--text-file",
                                         fixture("reference/bpb_short.txt"), "--device", "tpu"});
        QCOMPARE(device.exitCode, 2);
        QVERIFY(device.err.contains("tpu"));
    }
};

QTEST_GUILESS_MAIN(EvalCliTest)
#include "eval_cli_test.moc"
