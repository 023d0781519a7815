// Bad input to `hullft store build|ingest|search`, end to end through the CLI. A source that
// cannot be used as a whole, or a store queried by another embedder, is refused: exit code 2,
// a message naming the file, the store left as it was. A bad document inside a usable source
// is skipped or repaired with a warning naming the file (a Pile-sized ingest does not stop for
// one bad line).
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "common/sqlite_database.h"
#include "store_fixtures.h"

namespace {
const QString kData = HULLFT_TEST_DATA_DIR "/datastore";
const QString kModel = HULLFT_TEST_DATA_DIR "/model/gpt2_bytes";  // byte level, 64-token context
const QString kDefaultModel = HULLFT_SOURCE_DIR "/resources/models/default";

void writeFile(const QString& path, const std::string& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

int documentsIn(const QString& store) {
    const CliResult info = runCli({"store", "info", store, "--json"});
    return info.exitCode == 0 ? nlohmann::json::parse(info.out.toStdString()).at("documents").get<int>() : -1;
}

// Two corpus-format lines with one id and two texts.
std::string duplicateIdLines() {
    std::string lines;
    for (const char* text : {"First text of the document.", "Another text under the same id."}) {
        hullft::Document d;
        d.id = "0123456789abcdef";
        d.domain = "notes";
        d.path = "/notes/one.txt";
        d.licence = "CC0";
        d.text = text;
        d.sha256 = hullft::sha256Hex(d.text);
        lines += hullft::documentToJsonLine(d);
    }
    return lines;
}
}  // namespace

class StoreValidationCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_;

private slots:
    void initTestCase() {
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 6, 500);
        store_ = dir_.filePath("store");
        const CliResult built = runCli({"store", "build", "--embedder", "hashed", "--dimension", "64", "--max-tokens", "64",
                                        "--store", store_, "--corpus", dir_.filePath("corpus")});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        QCOMPARE(documentsIn(store_), 6);

        writeFile(dir_.filePath("latin1.jsonl"), "{\"text\": \"caf\xe9 cr\xe8me\"}\n{\"text\": \"br\xfbl\xe9\"}\n");
        writeFile(dir_.filePath("empty.jsonl"), "");
        writeFile(dir_.filePath("duplicate_ids.jsonl"), duplicateIdLines());
        for (const char* folder : {"empties", "binaries", "no_texts"}) QVERIFY(QDir().mkpath(dir_.filePath(folder)));
        QVERIFY(QFile::copy(kData + "/bad/empty.txt", dir_.filePath("empties/empty.txt")));
        QVERIFY(QFile::copy(kData + "/bad/binary.bin", dir_.filePath("binaries/data.txt")));
        QVERIFY(QFile::copy(kData + "/bad/binary.bin", dir_.filePath("no_texts/data.bin")));
    }

    void unusable_ingest_source_exits_2_naming_the_file_data() {
        QTest::addColumn<QStringList>("source");
        QTest::addColumn<QString>("named");
        QTest::addColumn<QString>("problem");
        QTest::newRow("binary file as JSONL") << QStringList{"--jsonl", kData + "/bad/binary.bin"} << "bad/binary.bin"
                                              << "NUL bytes: binary data, not JSON Lines";
        QTest::newRow("JSONL that is not UTF-8") << QStringList{"--jsonl", dir_.filePath("latin1.jsonl")} << "latin1.jsonl"
                                                 << "holds no usable document (first problem: ";
        QTest::newRow("empty JSONL") << QStringList{"--jsonl", dir_.filePath("empty.jsonl")} << "empty.jsonl"
                                     << "holds no usable document";
        QTest::newRow("folder of empty documents") << QStringList{"--dir", dir_.filePath("empties")} << "empties"
                                                   << "empty.txt: empty file skipped";
        QTest::newRow("folder of binary .txt files") << QStringList{"--dir", dir_.filePath("binaries")} << "binaries"
                                                     << "data.txt: binary file skipped";
        QTest::newRow("folder without .txt or .md") << QStringList{"--dir", dir_.filePath("no_texts")} << "no_texts"
                                                    << "holds no .txt or .md file";
        QTest::newRow("one id, two texts") << QStringList{"--jsonl", dir_.filePath("duplicate_ids.jsonl")} << "duplicate_ids.jsonl"
                                           << "document id 0123456789abcdef (/notes/one.txt) is already in the store with a different text";
    }
    void unusable_ingest_source_exits_2_naming_the_file() {
        QFETCH(QStringList, source);
        QFETCH(QString, named);
        QFETCH(QString, problem);
        const CliResult result = runCli(QStringList{"store", "ingest", "--store", store_} + source);
        QCOMPARE(result.exitCode, 2);
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.startsWith("hullft: ") && err.contains(named) && err.contains(problem), result.err.constData());
        QCOMPARE(documentsIn(store_), 6);  // nothing of the failed ingest remains
    }

    void non_utf8_line_among_good_ones_is_skipped_with_its_line_number() {
        QTemporaryDir dir;
        writeFile(dir.filePath("mixed.jsonl"), "{\"text\": \"A good line.\"}\n{\"text\": \"caf\xe9\"}\n");
        const CliResult result = runCli({"store", "ingest", "--store", store_, "--jsonl", dir.filePath("mixed.jsonl")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY2(result.err.contains("mixed.jsonl:2: not valid UTF-8"), result.err.constData());
        QCOMPARE(documentsIn(store_), 7);
    }

    void giant_lines_and_latin1_files_are_split_or_repaired_with_warnings() {
        QTemporaryDir dir;
        const QString store = dir.filePath("store");
        QVERIFY(QDir().mkpath(dir.filePath("texts")));
        QVERIFY(QFile::copy(kData + "/bad/giant_line.txt", dir.filePath("texts/giant_line.txt")));
        QVERIFY(QFile::copy(kData + "/bad/latin1.txt", dir.filePath("texts/latin1.txt")));
        QCOMPARE(runCli({"store", "build", "--embedder", "hashed", "--dimension", "64", "--max-tokens", "64", "--store", store,
                         "--corpus", dir_.filePath("corpus")}).exitCode, 0);
        const CliResult result = runCli({"store", "ingest", "--store", store, "--dir", dir.filePath("texts")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY2(result.err.contains("giant_line.txt: 1 lines over 10000 bytes, split inside the line"), result.err.constData());
        QVERIFY2(result.err.contains("latin1.txt: invalid UTF-8 repaired (4 replacements)"), result.err.constData());
        hullft::SqliteDatabase db((store + "/store.sqlite").toStdString(), hullft::SqliteDatabase::Mode::ReadOnly);
        hullft::SqliteStatement giant = db.prepare(
            "SELECT COUNT(*), MAX(s.tokens) FROM sequences s JOIN documents d ON d.id = s.document_id WHERE d.path LIKE '%giant_line.txt'");
        QVERIFY(giant.step());
        QVERIFY(giant.integer(0) >= 30000 / 64);  // every byte of the 30000-byte line is kept
        QVERIFY(giant.integer(1) <= 64);
    }

    void same_documents_ingested_again_are_counted_as_duplicates() {
        QTemporaryDir dir;
        const QString store = dir.filePath("store");
        QCOMPARE(runCli({"store", "build", "--embedder", "hashed", "--dimension", "64", "--max-tokens", "64", "--store", store,
                         "--corpus", dir_.filePath("corpus")}).exitCode, 0);
        QCOMPARE(runCli({"store", "ingest", "--store", store, "--dir", kData + "/texts"}).exitCode, 0);
        const CliResult again = runCli({"store", "ingest", "--store", store, "--dir", kData + "/texts"});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY2(again.out.contains("0 duplicate texts and 2 duplicate ids skipped"), again.out.constData());
        QCOMPARE(documentsIn(store), 8);
    }

    void store_of_another_embedder_is_refused_naming_the_model() {
        QTemporaryDir dir;
        const QString store = dir.filePath("lm_store");
        const CliResult built = runCli({"store", "build", "--model", kModel, "--layer", "2", "--store", store, "--corpus",
                                        dir_.filePath("corpus")});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        const QStringList search{"store", "search", "--store", store, "--text", "gradient step", "--k", "3"};
        QVERIFY2(runCli(search + QStringList{"--model", kModel}).exitCode == 0, "the building model is accepted");
        for (const QStringList& other : {QStringList{"--model", kDefaultModel}, QStringList{"--model", kModel, "--layer", "1"}}) {
            const CliResult refused = runCli(search + other);
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains(other[1].toUtf8() + ": this model") && refused.err.contains("did not build the store"),
                     refused.err.constData());
        }
        const CliResult ingest = runCli({"store", "ingest", "--store", store, "--dir", kData + "/texts", "--model", kDefaultModel});
        QCOMPARE(ingest.exitCode, 2);
        QVERIFY2(ingest.err.contains("did not build the store"), ingest.err.constData());
        QCOMPARE(documentsIn(store), 6);
    }
};

QTEST_GUILESS_MAIN(StoreValidationCliTest)
#include "store_validation_cli_test.moc"
