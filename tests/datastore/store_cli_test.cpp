#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "common/exclusive_file_lock.h"
#include "common/json_io.h"
#include "common/sqlite_database.h"
#include "store_fixtures.h"

namespace {
const QString kData = HULLFT_TEST_DATA_DIR "/datastore";

QStringList buildArgs(const QString& store, const QString& corpus) {
    return {"store", "build", "--embedder", "hashed", "--store", store, "--corpus", corpus, "--max-tokens", "64", "--batch-size", "4", "--dimension", "64"};
}

// A store built in `dir` from a 6-document corpus; its path, or an empty string when the build failed.
QString smallStore(const QTemporaryDir& dir) {
    store_fixtures::writeCorpus(dir.filePath("corpus"), 6, 500);
    const QString store = dir.filePath("store");
    return runCli(buildArgs(store, dir.filePath("corpus"))).exitCode == 0 ? store : QString();
}

// Runs the CLI with every embedding batch slowed by `pauseMs` and kills it (SIGKILL) once it
// reports its embedding stage. Empty when that happened, else what went wrong.
QByteArray killWhileEmbedding(const QStringList& arguments, const char* pauseMs) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("HULLFT_TEST_EMBED_PAUSE_MS", pauseMs);
    process.setProcessEnvironment(environment);
    process.setReadChannel(QProcess::StandardError);  // progress lines come on stderr
    process.start(HULLFT_CLI_PATH, arguments);
    QByteArray err;
    while (!err.contains("embed") && process.waitForReadyRead(30000)) err += process.readAllStandardError();
    if (!err.contains("embed")) return "never reached its embedding stage: " + err;
    process.kill();
    if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::CrashExit) return "did not die of SIGKILL";
    return {};
}
}  // namespace

class StoreCliTest : public QObject {
    Q_OBJECT
private slots:
    void store_info_json_has_domain_counts() {
        QTemporaryDir dir;
        store_fixtures::writeCorpus(dir.filePath("corpus"), 12, 1000);
        const CliResult built = runCli(buildArgs(dir.filePath("store"), dir.filePath("corpus")));
        QVERIFY2(built.exitCode == 0, built.err.constData());
        const CliResult info = runCli({"store", "info", dir.filePath("store"), "--json"});
        QCOMPARE(info.exitCode, 0);
        const nlohmann::json json = nlohmann::json::parse(info.out.toStdString());
        QCOMPARE(json.at("documents").get<int>(), 12);
        QCOMPARE(json.at("domains").at("beta").at("documents").get<int>(), 4);
        QVERIFY(json.at("domains").at("beta").at("sequences").get<int>() >= 4 * 15);
        QCOMPARE(json.at("embedder").get<std::string>(), std::string("hashed-ngram-v1-d64"));
        QVERIFY(json.contains("built_at") && json.contains("recipe_sha256") && json.contains("dimension"));
        QVERIFY(runCli({"store", "info", dir.filePath("store")}).out.contains("beta"));
    }

    // manifest.json is what people and scripts read: an edited or deleted one is refused on open
    // (naming the file), never silently passed over for the database's copy.
    void an_edited_or_deleted_manifest_file_is_refused_on_open() {
        QTemporaryDir dir;
        const QString store = smallStore(dir);
        QVERIFY(!store.isEmpty());
        const QString manifest = store + "/manifest.json";
        const QByteArray original = [&] {
            QFile file(manifest);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(original.contains("\"documents\": 6"));
        QFile edited(manifest);
        QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Truncate));
        edited.write(QByteArray(original).replace("\"documents\": 6", "\"documents\": 60"));
        edited.close();
        const CliResult info = runCli({"store", "info", store});
        QCOMPARE(info.exitCode, 2);
        QVERIFY2(info.err.contains((manifest + ": differs from the manifest the store's database holds").toUtf8()),
                 info.err.constData());
        QVERIFY(QFile::remove(manifest));
        const CliResult search = runCli({"store", "search", "--store", store, "--text", "gradient model"});
        QCOMPARE(search.exitCode, 2);
        QVERIFY2(search.err.contains((manifest + ": is missing").toUtf8()), search.err.constData());
        QVERIFY(edited.open(QIODevice::WriteOnly));
        edited.write(original);
        edited.close();
        QCOMPARE(runCli({"store", "info", store}).exitCode, 0);
    }

    void store_commands_default_to_the_user_data_directory() {
        QTemporaryDir dir;
        store_fixtures::writeCorpus(dir.filePath("corpus"), 6, 500);
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("XDG_DATA_HOME", dir.filePath("xdg"));
        process.setProcessEnvironment(environment);
        process.start(HULLFT_CLI_PATH, {"store", "build", "--embedder", "hashed", "--corpus", dir.filePath("corpus")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(QFile::exists(dir.filePath("xdg/hullft/stores/default/store.sqlite")));
        QVERIFY(QFile::exists(dir.filePath("xdg/hullft/stores/default/index.faiss")));
        process.start(HULLFT_CLI_PATH, {"store", "info", "--json"});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(nlohmann::json::parse(process.readAllStandardOutput().toStdString()).at("documents").get<int>(), 6);
    }

    void kill_9_mid_build_then_resume_gives_an_identical_store() {
        QTemporaryDir dir;
        store_fixtures::writeCorpus(dir.filePath("corpus"), 30, 3000);
        QVERIFY(runCli(buildArgs(dir.filePath("reference"), dir.filePath("corpus"))).exitCode == 0);

        // 20 ms per batch keeps the build in its embedding stage for a while.
        const QByteArray failure = killWhileEmbedding(buildArgs(dir.filePath("store"), dir.filePath("corpus")), "20");
        QVERIFY2(failure.isEmpty(), failure.constData());
        QVERIFY(!QFile::exists(dir.filePath("store/store.sqlite")));  // nothing half-built in place
        QVERIFY(QFile::exists(dir.filePath("store.partial/store.sqlite")));
        QCOMPARE(runCli({"store", "info", dir.filePath("store")}).exitCode, 2);

        const CliResult resumed = runCli(buildArgs(dir.filePath("store"), dir.filePath("corpus")));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY(resumed.out.startsWith("resumed;"));
        QCOMPARE(hullft::readFileBytes(dir.filePath("store/index.faiss").toStdString()),
                 hullft::readFileBytes(dir.filePath("reference/index.faiss").toStdString()));
        for (const char* sql : {"SELECT id || ' ' || document_id || ' ' || text FROM sequences ORDER BY id",
                                "SELECT sequence_id || hex(vector) FROM embeddings ORDER BY sequence_id"})
            QCOMPARE(store_fixtures::column(dir.filePath("store"), sql), store_fixtures::column(dir.filePath("reference"), sql));
    }

    void ingest_reports_malformed_lines_with_their_numbers() {
        QTemporaryDir dir;
        store_fixtures::writeCorpus(dir.filePath("corpus"), 6, 500);
        QCOMPARE(runCli(buildArgs(dir.filePath("store"), dir.filePath("corpus"))).exitCode, 0);
        const CliResult ingest = runCli({"store", "ingest", "--jsonl", kData + "/pile.jsonl", "--store", dir.filePath("store")});
        QVERIFY2(ingest.exitCode == 0, ingest.err.constData());
        QVERIFY(ingest.err.contains("pile.jsonl:3: malformed JSON"));
        QVERIFY(ingest.err.contains("pile.jsonl:5: missing field 'text'"));
        const CliResult folder = runCli({"store", "ingest", "--dir", kData + "/texts", "--domain", "notes", "--store", dir.filePath("store")});
        QVERIFY2(folder.exitCode == 0, folder.err.constData());
        const nlohmann::json info = nlohmann::json::parse(runCli({"store", "info", dir.filePath("store"), "--json"}).out.toStdString());
        QCOMPARE(info.at("domains").at("ArXiv").at("documents").get<int>(), 1);
        QCOMPARE(info.at("domains").at("notes").at("documents").get<int>(), 2);
        QCOMPARE(info.at("sources").size(), size_t(3));
        const CliResult search = runCli({"store", "search", "--text", "Markdown notes about finetuning", "--k", "1", "--json", "--store", dir.filePath("store")});
        QCOMPARE(nlohmann::json::parse(search.out.toStdString())[0].at("domain").get<std::string>(), std::string("notes"));
    }

    // A second writer of one store is told who holds it, before it reads or writes anything, and
    // the store is what the first writer leaves; once the holder is gone the same command works.
    void a_second_writer_of_a_store_is_refused_as_busy() {
        QTemporaryDir dir;
        const QString store = smallStore(dir);
        QVERIFY(!store.isEmpty());
        const QStringList ingest = {"store", "ingest", "--jsonl", kData + "/pile.jsonl", "--store", store};
        const QByteArray before = runCli({"store", "info", store, "--json"}).out;
        {
            const hullft::ExclusiveFileLock holder((store + ".lock").toStdString(), "the test");
            const CliResult busy = runCli(ingest);
            QCOMPARE(busy.exitCode, 1);
            const QString expected = QStringLiteral("busy: %1 is being written by process %2").arg(store).arg(QCoreApplication::applicationPid());
            QVERIFY2(busy.err.contains(expected.toUtf8()), busy.err.constData());
            QCOMPARE(runCli({"store", "info", store, "--json"}).out, before);
            QVERIFY(!QFileInfo::exists(store + ".partial"));
        }
        const CliResult after = runCli(ingest);
        QVERIFY2(after.exitCode == 0, after.err.constData());
    }

    // A resumed ingest reads no input, yet reports the problems the killed run found in it.
    void resumed_ingest_reports_the_input_problems_of_the_killed_run() {
        QTemporaryDir dir;
        const QString store = smallStore(dir);
        QVERIFY(!store.isEmpty());
        const QStringList ingest = {"store", "ingest", "--jsonl", kData + "/pile.jsonl", "--store", store};
        // 500 ms per batch: the few sequences of pile.jsonl must not finish before the kill.
        const QByteArray failure = killWhileEmbedding(ingest, "500");
        QVERIFY2(failure.isEmpty(), failure.constData());
        QVERIFY(QFile::exists(store + ".partial/store.sqlite"));
        const CliResult resumed = runCli(ingest);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY(resumed.out.startsWith("resumed;"));
        QVERIFY2(resumed.err.contains("pile.jsonl:3: malformed JSON"), resumed.err.constData());
        QVERIFY2(resumed.err.contains("pile.jsonl:5: missing field 'text'"), resumed.err.constData());
    }

    void missing_corpus_and_bad_options_are_usage_or_input_errors() {
        QTemporaryDir dir;
        const CliResult missing = runCli({"store", "build", "--store", dir.filePath("s"), "--corpus", dir.filePath("none")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no corpus here"));
        QCOMPARE(runCli({"store", "build", "--embedder", "magic"}).exitCode, 2);
        QCOMPARE(runCli({"store", "frobnicate"}).exitCode, 2);
        QCOMPARE(runCli({"store", "ingest", "--store", dir.filePath("s")}).exitCode, 2);
    }

    void corpus_build_from_a_recipe_writes_splits_and_manifest() {
        QTemporaryDir dir;
        const QString recipe = dir.filePath("recipe.json");
        QFile file(recipe);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QString(R"({"name": "cli", "domains": [{"name": "fortunes", "sources": [{"packages": [], "files": ["%1/fortunes/[a-z]*"], "extractor": "fortune", "licence": "BSD"}]}]})")
                       .arg(kData).toUtf8());
        file.close();
        const CliResult result = runCli({"corpus", "build", "--recipe", recipe, "--out", dir.filePath("out"), "--json"});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const nlohmann::json report = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(report.at("domains").at("fortunes").at("documents_train").get<int>() +
                     report.at("domains").at("fortunes").at("documents_test").get<int>(), 1);
        QVERIFY(QFile::exists(dir.filePath("out/train.jsonl")));
        QVERIFY(QFile::exists(dir.filePath("out/test.jsonl")));
    }
};

QTEST_GUILESS_MAIN(StoreCliTest)
#include "store_cli_test.moc"
