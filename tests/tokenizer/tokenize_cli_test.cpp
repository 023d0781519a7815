// `hullft tokenize` as a user runs it: ids on stdout, exit 2 and a message naming the file on bad input.
#include <QtTest>

#include "cli_runner.h"

namespace {

const QString kData = QStringLiteral(HULLFT_TEST_DATA_DIR "/tokenizer");

QJsonObject referenceCase(const QString& name) {
    QFile file(kData + "/gpt2_reference.json");
    if (!file.open(QIODevice::ReadOnly)) return {};
    for (const QJsonValue entry : QJsonDocument::fromJson(file.readAll()).object()["cases"].toArray())
        if (entry.toObject()["name"].toString() == name) return entry.toObject();
    return {};
}

QString writeTextFile(const QTemporaryDir& dir, const QByteArray& bytes) {
    const QString path = dir.filePath("text.txt");
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) file.write(bytes);
    return path;
}

}  // namespace

class TokenizeCliTest : public QObject {
    Q_OBJECT
private slots:
    void tokenize_prints_reference_ids_as_json_array() {
        const QJsonObject reference = referenceCase("code_cpp");
        QVERIFY(!reference.isEmpty());
        QTemporaryDir dir;
        const QString textFile = writeTextFile(dir, reference["text"].toString().toUtf8());
        const CliResult result =
            runCli({"tokenize", "--tokenizer", kData + "/gpt2", "--text-file", textFile});
        QCOMPARE(result.exitCode, 0);
        const QByteArray expected =
            QJsonDocument(reference["ids"].toArray()).toJson(QJsonDocument::Compact) + "\n";
        QCOMPARE(result.out, expected);
    }

    void tokenize_reads_tokenizer_json_folders() {
        QTemporaryDir dir;
        const CliResult result = runCli({"tokenize", "--tokenizer", kData + "/qwen3_trimmed", "--text-file",
                                         writeTextFile(dir, "a<|endoftext|>b")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("[64,151643,65]\n"));
    }

    void tokenize_missing_folder_exits_2_naming_it() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("no-such-tokenizer");
        const CliResult result =
            runCli({"tokenize", "--tokenizer", missing, "--text-file", writeTextFile(dir, "hi")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(missing.toUtf8()));
        QVERIFY(result.out.isEmpty());
    }

    void tokenize_non_utf8_file_exits_2_unless_lossy() {
        QTemporaryDir dir;
        const QString textFile = writeTextFile(dir, "caf\xE9!");
        const CliResult strict =
            runCli({"tokenize", "--tokenizer", kData + "/gpt2", "--text-file", textFile});
        QCOMPARE(strict.exitCode, 2);
        QVERIFY(strict.err.contains(textFile.toUtf8()));
        QVERIFY(strict.err.contains("not valid UTF-8"));
        const CliResult lossy =
            runCli({"tokenize", "--tokenizer", kData + "/gpt2", "--text-file", textFile, "--lossy"});
        QCOMPARE(lossy.exitCode, 0);
        // "caf" + U+FFFD + "!" in GPT-2 ids.
        QCOMPARE(lossy.out, QByteArray("[66,1878,4210,0]\n"));
    }

    void tokenize_missing_text_file_exits_2_naming_it() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("absent.txt");
        const CliResult result = runCli({"tokenize", "--tokenizer", kData + "/gpt2", "--text-file", missing});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(missing.toUtf8()));
    }

    void tokenize_empty_file_prints_empty_array() {
        QTemporaryDir dir;
        const CliResult result =
            runCli({"tokenize", "--tokenizer", kData + "/gpt2", "--text-file", writeTextFile(dir, "")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("[]\n"));
    }
};

QTEST_GUILESS_MAIN(TokenizeCliTest)
#include "tokenize_cli_test.moc"
