// `hullft store import` and `hullft store verify` as a user runs them: the two published layouts,
// a kill -9 in the middle of an import, an L2 store queried end to end, and every part of a store
// tampered with once and caught.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "common/json_io.h"
#include "common/sqlite_database.h"
#include "published_shards.h"
#include "store_fixtures.h"

namespace {

namespace fs = std::filesystem;

QStringList importArgs(const QString& layout, const QString& published, const QString& store) {
    return {"store", "import", "--layout", layout, published, "--store", store, "--embedder", "hashed", "--dimension", "16", "--batch-size", "4"};
}

void execute(const QString& store, const std::string& sql) {
    hullft::SqliteDatabase db((store + "/store.sqlite").toStdString(), hullft::SqliteDatabase::Mode::ReadWrite);
    db.execute(sql);
}

QString copyOf(const QString& store, const QString& copy) {
    fs::copy(store.toStdString(), copy.toStdString(), fs::copy_options::recursive);
    return copy;
}

}  // namespace

class StoreImportCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString built_, imported_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_fixtures::writeCorpus(dir_.filePath("corpus"), 9, 800);
        built_ = dir_.filePath("built");
        const CliResult build = runCli({"store", "build", "--embedder", "hashed", "--dimension", "16", "--store", built_, "--corpus",
                                        dir_.filePath("corpus"), "--max-tokens", "64"});
        QVERIFY2(build.exitCode == 0, build.err.constData());
        published_shards::write(dir_.filePath("published-hullft").toStdString(), "hullft", 2, 30, 16);
        imported_ = dir_.filePath("imported");
        const CliResult import = runCli(importArgs("hullft", dir_.filePath("published-hullft"), imported_));
        QVERIFY2(import.exitCode == 0, import.err.constData());
    }

    void an_imported_store_says_what_it_is() {
        const nlohmann::json info = nlohmann::json::parse(runCli({"store", "info", imported_, "--json"}).out.toStdString());
        QCOMPARE(info.at("metric").get<std::string>(), std::string("l2"));
        QCOMPARE(info.at("embedder_description").get<std::string>(), std::string("socialfoundations/roberta-large-pile-lr2e-5-bs16-8gpu-1700000"));
        QCOMPARE(info.at("sequences").get<int>(), 60);
        QCOMPARE(info.at("domains").at("Github").at("sequences").get<int>(), 15);
        QVERIFY(info.at("disk_bytes").get<int64_t>() > 0);
        const QByteArray text = runCli({"store", "info", imported_}).out;
        QVERIFY(text.contains("squared L2 distance (smaller is nearer)"));
        QVERIFY(text.contains("flat (exact search, in memory)"));
        const CliResult search = runCli({"store", "search", "--store", imported_, "--text", "gradient vector index", "--k", "5", "--json",
                                         "--embedder", "hashed", "--dimension", "16"});
        QVERIFY2(search.exitCode == 0, search.err.constData());
        const nlohmann::json found = nlohmann::json::parse(search.out.toStdString());
        QCOMPARE(found.size(), size_t(5));
        QVERIFY(found[0].at("score").get<double>() <= found[4].at("score").get<double>());  // nearest first
        QVERIFY(found[0].at("part").get<std::string>().rfind("line ", 0) == 0);
    }

    void an_import_without_its_embedder_is_refused_naming_the_model() {
        const CliResult refused = runCli({"store", "import", "--layout", "hullft", dir_.filePath("published-hullft"), "--store", dir_.filePath("x")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("socialfoundations/roberta-large-pile-lr2e-5-bs16-8gpu-1700000"), refused.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("x")));
    }

    void kill_9_mid_import_then_resume_gives_an_identical_store() {
        QTemporaryDir dir;
        published_shards::write(dir.filePath("published").toStdString(), "tttlm", 2, 150, 16, 60);
        QVERIFY(runCli(importArgs("tttlm", dir.filePath("published"), dir.filePath("reference"))).exitCode == 0);
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("HULLFT_TEST_PROGRESS_PAUSE_MS", "250");  // one batch per progress event
        process.setProcessEnvironment(environment);
        process.setReadChannel(QProcess::StandardError);  // progress lines come on stderr
        process.start(HULLFT_CLI_PATH, importArgs("tttlm", dir.filePath("published"), dir.filePath("store")));
        QByteArray err;
        while (err.count("import") < 2 && process.waitForReadyRead(30000)) err += process.readAllStandardError();
        QVERIFY2(err.count("import") >= 2, err.constData());
        process.kill();  // SIGKILL
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        QVERIFY(!QFile::exists(dir.filePath("store/store.sqlite")));
        const int committed = std::stoi(store_fixtures::column(dir.filePath("store.partial"), "SELECT COUNT(*) FROM sequences")[0]);
        QVERIFY2(committed > 0 && committed < 300, std::to_string(committed).c_str());
        const CliResult resumed = runCli(importArgs("tttlm", dir.filePath("published"), dir.filePath("store")));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY(resumed.out.startsWith("resumed;"));
        QCOMPARE(hullft::readFileBytes(dir.filePath("store/index.faiss").toStdString()),
                 hullft::readFileBytes(dir.filePath("reference/index.faiss").toStdString()));
        for (const char* sql : {"SELECT id || ' ' || document_id || ' ' || text FROM sequences ORDER BY id",
                                "SELECT sequence_id || hex(vector) FROM embeddings ORDER BY sequence_id",
                                "SELECT id || domain || path || part FROM documents ORDER BY id"})
            QCOMPARE(store_fixtures::column(dir.filePath("store"), sql), store_fixtures::column(dir.filePath("reference"), sql));
    }

    void knn_on_an_l2_store_trains_on_the_indexs_nearest() {
        QTemporaryDir dir;
        published_shards::write(dir.filePath("published").toStdString(), "hullft", 1, 60, 256);  // the default LM embedder's width
        const CliResult import = runCli({"store", "import", "--layout", "hullft", dir.filePath("published"), "--store", dir.filePath("store"),
                                         "--embedder", "lm"});
        QVERIFY2(import.exitCode == 0, import.err.constData());
        const QString text = "A query about gradients and the retrieval of training sequences.";
        std::ofstream(dir.filePath("query.txt").toStdString()) << text.toStdString();
        const CliResult query = runCli({"query", "--store", dir.filePath("store"), "--text-file", dir.filePath("query.txt"), "--method", "knn", "--n", "4",
                                        "--k", "20", "--generate-tokens", "0", "--json"});
        QVERIFY2(query.exitCode == 0, query.err.constData());
        const CliResult search = runCli({"store", "search", "--store", dir.filePath("store"), "--text", text, "--k", "4", "--json"});
        QVERIFY2(search.exitCode == 0, search.err.constData());
        std::vector<int64_t> nearest;
        for (const auto& hit : nlohmann::json::parse(search.out.toStdString())) nearest.push_back(hit.at("sequence_id").get<int64_t>());
        QCOMPARE(nlohmann::json::parse(query.out.toStdString()).at("training_order").get<std::vector<int64_t>>(), nearest);
    }

    void verify_passes_untouched_stores() {
        for (const QString& store : {built_, imported_}) {
            const CliResult verified = runCli({"store", "verify", store, "--all"});
            QVERIFY2(verified.exitCode == 0, verified.out.constData());
            QVERIFY(verified.out.startsWith("ok: "));
            QVERIFY(!verified.out.contains("no recorded digest"));
        }
    }

    void verify_reads_a_store_made_before_digests_and_newer_manifest_fields() {
        QTemporaryDir dir;
        const QString copy = copyOf(built_, dir.filePath("copy"));
        execute(copy, "DROP TABLE document_digests");
        // Both copies of its manifest lack the fields added since (metric, embedder description).
        execute(copy, "UPDATE manifest SET value = json_remove(value, '$.metric', '$.embedder_description') WHERE key = 'manifest'");
        nlohmann::json manifest = hullft::readJsonFile((copy + "/manifest.json").toStdString());
        manifest.erase("metric");
        manifest.erase("embedder_description");
        std::ofstream((copy + "/manifest.json").toStdString(), std::ios::trunc) << manifest.dump(2);
        const CliResult verified = runCli({"store", "verify", copy, "--all"});
        QVERIFY2(verified.exitCode == 0, (verified.out + verified.err).constData());
        QVERIFY(verified.out.contains("have no recorded digest (made before stores kept them)"));
    }

    void verify_catches_each_kind_of_tampering_with_its_ids_data() {
        QTest::addColumn<QString>("store");
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("expected");
        QTest::newRow("sequence text") << "built" << "sql:UPDATE sequences SET text = text || 'x' WHERE id = 5" << "documents: stored sequences differ";
        QTest::newRow("deleted sequence") << "built" << "sql:DELETE FROM sequences WHERE id = (SELECT MAX(id) FROM sequences)"
                                          << "counts: ";
        QTest::newRow("vector") << "built" << "sql:UPDATE embeddings SET vector = (SELECT vector FROM embeddings WHERE sequence_id = 1) WHERE sequence_id = 7"
                                << "vectors: the stored vector differs from the index's row for sequences 7";
        QTest::newRow("missing vector") << "imported" << "sql:DELETE FROM embeddings WHERE sequence_id = 3" << "no stored vector for sequences 3";
        QTest::newRow("document hash") << "imported" << "sql:UPDATE documents SET sha256 = '00' WHERE path = '00.jsonl' AND part = 'line 2'"
                                       << "text differs from the recorded SHA-256";
        QTest::newRow("manifest file") << "built" << "manifest" << "manifest: ";
        QTest::newRow("index") << "built" << "index" << "index: ";
    }
    void verify_catches_each_kind_of_tampering_with_its_ids() {
        QFETCH(QString, store);
        QFETCH(QString, tamper);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString copy = copyOf(store == "built" ? built_ : imported_, dir.filePath("copy"));
        if (tamper.startsWith("sql:")) {
            execute(copy, tamper.mid(4).toStdString());
        } else if (tamper == "manifest") {
            nlohmann::json manifest = hullft::readJsonFile((copy + "/manifest.json").toStdString());
            manifest["documents"] = manifest["documents"].get<int>() + 1;
            std::ofstream((copy + "/manifest.json").toStdString(), std::ios::trunc) << manifest.dump(2);
        } else {
            fs::copy_file((imported_ + "/index.faiss").toStdString(), (copy + "/index.faiss").toStdString(), fs::copy_options::overwrite_existing);
        }
        const CliResult verified = runCli({"store", "verify", copy, "--all"});
        QCOMPARE(verified.exitCode, 1);
        QVERIFY2(verified.out.contains(expected.toUtf8()), verified.out.constData());
        QVERIFY(verified.out.contains("FAILED: "));
        if (tamper.contains("id = 5")) {  // names the document the sequence belongs to
            const std::string document = store_fixtures::column(copy, "SELECT document_id FROM sequences WHERE id = 5")[0];
            QVERIFY(verified.out.contains(QByteArray::fromStdString(document)));
        }
    }

    void verify_reads_codes_of_an_on_disk_index() {
        QTemporaryDir dir;
        const QString store = dir.filePath("ivfpq");
        store_fixtures::writeCorpus(dir.filePath("corpus"), 24, 1500);  // enough sequences to train 256-centroid codebooks
        const CliResult build = runCli({"store", "build", "--embedder", "hashed", "--dimension", "16", "--store", store, "--corpus",
                                        dir.filePath("corpus"), "--max-tokens", "32", "--index", "ivfpq", "--nlist", "4"});
        QVERIFY2(build.exitCode == 0, build.err.constData());
        QVERIFY(runCli({"store", "info", store}).out.contains("ivfpq (product-quantised lists memory-mapped from disk"));
        QCOMPARE(runCli({"store", "verify", store, "--all"}).exitCode, 0);
        execute(store, "UPDATE embeddings SET vector = (SELECT vector FROM embeddings WHERE sequence_id = 0) WHERE sequence_id = 9");
        const CliResult verified = runCli({"store", "verify", store, "--all", "--json"});
        QCOMPARE(verified.exitCode, 1);
        const nlohmann::json report = nlohmann::json::parse(verified.out.toStdString());
        QCOMPARE(report.at("ok").get<bool>(), false);
        QVERIFY(report.at("problems")[0].get<std::string>().find("sequences 9") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(StoreImportCliTest)
#include "store_import_cli_test.moc"
