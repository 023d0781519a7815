#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>

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

}  // namespace

class EvalCliTest : public QObject {
    Q_OBJECT
private slots:
    void eval_prints_bits_per_byte_of_the_reference() {
        const CliResult result = runCli({"eval", "--model", fixture("gpt2_bytes"), "--text-file",
                                         fixture("reference/bpb_long.txt"), "--device", "cpu"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.startsWith("{\"bpb\":"), result.out.constData());
        const QJsonObject printed = QJsonDocument::fromJson(result.out).object();
        const QJsonObject expected = expectedBpb("bpb_long");
        QVERIFY(std::abs(printed["bpb"].toDouble() - expected["bpb"].toDouble()) < 1e-5);
        QCOMPARE(printed["tokens"].toInt(), expected["tokens"].toInt());
        QCOMPARE(printed["bytes"].toInt(), expected["bytes"].toInt());
        QCOMPARE(printed.keys().size(), 3);
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
