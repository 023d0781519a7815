// The exit-code rule of every command (README.md, "Errors"): 0 success, 2 bad usage or unusable
// input, 1 a failure of the work itself; errors are one line "hullft: <file>: <problem>". One
// table row per case, every command covered: bad usage, missing and foreign inputs, outputs that
// exist, a full disk (RLIMIT_FSIZE) and a folder the process may not write to; resumable work
// finishing once the disk has space again; and the README's table of error classes, walked row by row.
#include <QtTest>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>

#include "cli_runner.h"
#include "common/errors.h"

namespace {

// The runs of the full-disk bench row: the one held-out query, methods base and knn at N = 2.
constexpr int kBenchRuns = 2;

// One row of README.md's "Errors" table: the class, its exit code and its example messages.
struct ErrorsTableRow {
    QString error_class;  // "UsageError", ..., "(none)"; "Error (any other)" read as "Error"
    int exit_code = -1;
    QStringList examples;  // the backticked "hullft: ..." messages
};

std::vector<ErrorsTableRow> readErrorsTable(const QString& readme) {
    QFile file(readme);
    std::vector<ErrorsTableRow> rows;
    if (!file.open(QIODevice::ReadOnly)) return rows;
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n');
    const qsizetype header = lines.indexOf("| class | exit | meaning | example |");
    if (header < 0) return rows;
    const QRegularExpression example("`(hullft: [^`]*)`");
    for (qsizetype i = header + 2; i < lines.size() && lines[i].startsWith('|'); ++i) {
        const QStringList cells = lines[i].split(" | ");
        if (cells.size() != 4) return {};
        ErrorsTableRow row;
        row.error_class = cells[0].mid(2).remove('`').remove(" (any other)");
        row.exit_code = cells[1].toInt();
        for (auto match = example.globalMatch(cells[3]); match.hasNext();) row.examples << match.next().captured(1);
        rows.push_back(row);
    }
    return rows;
}

// Runs `hullft` in `folder` (so relative paths print as the README's examples name them), with a
// 16 KiB file-size limit when `diskFull`.
CliResult runIn(const QString& folder, bool diskFull, const QStringList& arguments) {
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(QStringLiteral("bash"), QStringList{"-c", QString(diskFull ? "ulimit -f 16; trap '' XFSZ; " : "") +
                                                                "exec \"$0\" \"$@\"",
                                                      QStringLiteral(HULLFT_CLI_PATH)} + arguments);
    CliResult result;
    if (!process.waitForFinished(120000)) return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.err = process.readAllStandardError();
    return result;
}

enum class Limit { None, DiskFull, ReadOnlyFolder };

// Runs `hullft` with a file-size limit of `kilobytes` (SIGXFSZ ignored, so writes fail with EFBIG
// as on a full disk), or, for a read-only folder under root (which ignores folder permissions), as
// the unprivileged user nobody.
CliResult runLimited(Limit limit, const QStringList& arguments, int kilobytes = 16) {
    if (limit == Limit::None || (limit == Limit::ReadOnlyFolder && getuid() != 0)) return runCli(arguments);
    QStringList wrapped;
    if (limit == Limit::DiskFull)
        wrapped << "-c" << QString("ulimit -f %1; trap '' XFSZ; exec \"$0\" \"$@\"").arg(kilobytes)
                << QStringLiteral(HULLFT_CLI_PATH) << arguments;
    else
        wrapped << "-c" << "exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$0\" \"$@\""
                << QStringLiteral(HULLFT_CLI_PATH) << arguments;
    QProcess process;
    process.start(QStringLiteral("bash"), wrapped);
    CliResult result;
    if (!process.waitForFinished(120000)) return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

}  // namespace

class CliErrorsTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString session_, store_, corpus_, query_, readOnly_;
    bool unprivilegedCanRun_ = false;

    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // Readable by the unprivileged user of the read-only-folder rows.
        QFile::setPermissions(dir_.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther |
                                               QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
        session_ = path("release.hullft");
        QVERIFY(QFile::copy(QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/release-0.1.0.hullft"), session_));
        QFile::setPermissions(session_, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::ReadGroup);
        // A corpus (train and one held-out document), a store of the default model, a query.
        corpus_ = path("corpus");
        QDir().mkpath(corpus_);
        std::string train;
        for (int i = 0; i < 6; ++i)
            train += "{\"text\": \"Document " + std::to_string(i) +
                     " talks about rivers, hills and the weather of the north, day after day.\", "
                     "\"meta\": {\"pile_set_name\": \"" + (i % 2 ? "alpha" : "beta") + "\"}}\n";
        const std::string test =
            "{\"text\": \"A held-out note about rivers and the weather.\", \"meta\": {\"pile_set_name\": \"alpha\"}}\n";
        std::ofstream(path("corpus/train.jsonl").toStdString()) << train;
        std::ofstream(path("corpus/test.jsonl").toStdString()) << test;
        const auto sha256 = [](const std::string& text) {
            return QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256).toHex().toStdString();
        };
        std::ofstream(path("corpus/manifest.json").toStdString())
            << "{\"recipe\": \"errors test\", \"recipe_sha256\": \"" << std::string(64, 'a') << "\", \"train_sha256\": \""
            << sha256(train) << "\", \"test_sha256\": \"" << sha256(test) << "\"}";
        store_ = path("store");
        const CliResult built = runCli({"store", "build", "--store", store_, "--corpus", corpus_, "--max-tokens", "32"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
        query_ = path("query.txt");
        std::ofstream(query_.toStdString()) << "Rivers and hills in the north, and the weather there.";
        // JSON nested 100,000 levels deep: refused before it is built (it once crashed the readers).
        QDir().mkpath(path("deep-model"));
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        std::ofstream(path("deep-model/config.json").toStdString()) << deep;
        std::ofstream(path("deep.json").toStdString()) << deep;
        // Finite inputs whose inner products overflow: the scores would print as null.
        std::ofstream(path("overflow.json").toStdString())
            << R"({"kind": "knn", "params": {"n": 2}, "pool": [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], "query": [1e308, 1e308]})";
        readOnly_ = path("read-only");
        QDir().mkpath(readOnly_);
        const CliResult lockedStore =
            runCli({"store", "build", "--store", readOnly_ + "/store", "--corpus", corpus_, "--max-tokens", "32"});
        QVERIFY2(lockedStore.exitCode == 0, lockedStore.err.constData());
        if (getuid() != 0) QFile::setPermissions(readOnly_, QFile::ReadOwner | QFile::ExeOwner);
        // Root runs the read-only-folder rows as nobody, who must be able to read the CLI, the
        // default model and this folder (not so in a checkout under a private home folder).
        unprivilegedCanRun_ = getuid() != 0 || (!QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty() &&
                                                runLimited(Limit::ReadOnlyFolder,
                                                           {"eval", "--model", HULLFT_SOURCE_DIR "/resources/models/default",
                                                            "--text-file", query_})
                                                        .exitCode == 0);
    }

    void every_command_follows_the_exit_code_rule_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const auto row = [](const char* name, QStringList arguments, Limit limit, int exitCode, QString message) {
            QTest::newRow(name) << arguments << static_cast<int>(limit) << exitCode << message;
        };
        const QString none = path("missing");
        const QString notes = path("corpus/train.jsonl");  // exists, but is no session, model or store
        // Bad usage: exit 2 with the command's usage.
        for (const char* command : {"query", "bench", "stream", "select", "tokenize", "eval", "pretrain", "session", "corpus"})
            row(qPrintable(QStringLiteral("%1: unknown option").arg(command)), {command, "--no-such-option"},
                Limit::None, 2, QStringLiteral("%1: unknown option --no-such-option\nUsage:").arg(command));
        row("store: unknown subcommand", {"store", "frobnicate"}, Limit::None, 2, "unknown subcommand 'frobnicate'");
        row("query: no query given", {"query", "--store", store_}, Limit::None, 2, "give exactly one of --text-file and --test-doc");
        // Unusable input: exit 2 naming the file.
        row("query: missing text file", {"query", "--text-file", none}, Limit::None, 2, none + ": cannot open for reading");
        row("query: missing store", {"query", "--text-file", query_, "--store", none}, Limit::None, 2, none + ": no datastore here");
        row("query: unknown method", {"query", "--text-file", query_, "--store", store_, "--method", "magic"},
            Limit::None, 2, "--method: unknown method 'magic'");
        row("query: session exists", {"query", "--text-file", query_, "--store", store_, "--session", session_},
            Limit::None, 2, session_ + ": already exists; it is never overwritten");
        row("bench: missing store", {"bench", "--store", none, "--out", path("bench-missing")}, Limit::None, 2,
            none + ": no datastore here");
        row("stream: missing store", {"stream", "--store", none, "--corpus", corpus_, "--out", path("stream-missing")},
            Limit::None, 2, none + ": no datastore here");
        row("select: missing case", {"select", "--input", none}, Limit::None, 2, none + ": cannot open for reading");
        row("select: not JSON", {"select", "--input", query_}, Limit::None, 2, query_ + ": malformed JSON");
        // Bounds where one argument would mean unbounded work or memory: errors naming the limit.
        row("query: N above its bound", {"query", "--text-file", query_, "--store", store_, "--n", "100001"},
            Limit::None, 2, "query settings: N must be at most 100000, got 100001");
        row("store build: hashed dimension above its bound",
            {"store", "build", "--store", path("wide"), "--corpus", corpus_, "--embedder", "hashed", "--dimension", "1000000"},
            Limit::None, 2,
            "--dimension must be between 1 and 65536, got 1000000");
        row("store bench: queries above their bound", {"store", "bench", "--store", store_, "--queries", "2000000"},
            Limit::None, 2, "--queries must be between 1 and 1000000, got 2000000");
        row("query: K above its bound", {"query", "--text-file", query_, "--store", store_, "--k", "1000001"},
            Limit::None, 2, "query settings: K must be at most 1000000, got 1000001");
        row("query: generated tokens above their bound",
            {"query", "--text-file", query_, "--store", store_, "--generate-tokens", "2000000"}, Limit::None, 2,
            "query settings: generate_tokens must be at most 1048576, got 2000000");
        row("store search: k above its bound", {"store", "search", "--store", store_, "--text", "rivers", "--k", "1000001"},
            Limit::None, 2, "--k must be between 1 and 1000000, got 1000001");
        row("store build: batch above its bound",
            {"store", "build", "--store", path("batched"), "--corpus", corpus_, "--batch-size", "100000"}, Limit::None, 2,
            "--batch-size must be between 1 and 65536, got 100000");
        row("select: scores overflow", {"select", "--input", path("overflow.json")}, Limit::None, 1,
            "select: the result has a non-finite number at /scores/0");
        row("select: JSON nested 100,000 deep", {"select", "--input", path("deep.json")}, Limit::None, 2,
            path("deep.json") + ": JSON nests deeper than 64 levels");
        row("eval: config.json nested 100,000 deep", {"eval", "--model", path("deep-model"), "--text-file", query_},
            Limit::None, 2, path("deep-model/config.json") + ": JSON nests deeper than 64 levels");
        row("tokenize: missing tokenizer", {"tokenize", "--tokenizer", none, "--text-file", query_}, Limit::None, 2,
            none + ": no such tokenizer folder");
        row("eval: missing model", {"eval", "--model", none, "--text-file", query_}, Limit::None, 2,
            none + ": model folder does not exist");
        row("pretrain: missing config", {"pretrain", "--config", none, "--out", path("pretrain")}, Limit::None, 2,
            none + ": cannot open for reading");
        row("session verify: missing file", {"session", "verify", none}, Limit::None, 2, none + ": no such file");
        row("session show: not a session", {"session", "show", notes}, Limit::None, 2, notes + ": not a SQLite database");
        row("session export: no such folder", {"session", "export", session_, "--out", none + "/report.json"}, Limit::None,
            2, none + "/report.json: cannot create a temporary file beside it: No such file or directory");
        row("session export: onto its own session", {"session", "export", session_, "--format", "html", "--out", session_, "--force"},
            Limit::None, 2, session_ + ": is an input of this command");
        const QString report = path("existing-report.json");
        QFile existing(report);
        QVERIFY(existing.open(QIODevice::WriteOnly) && existing.write("{}") == 2);
        row("session export: existing output", {"session", "export", session_, "--out", report}, Limit::None, 2,
            report + ": exists; pass --force to replace it");
        row("corpus build: missing recipe", {"corpus", "build", "--recipe", none, "--out", path("corpus-out")},
            Limit::None, 2, none + ": cannot open for reading");
        row("store build: missing corpus", {"store", "build", "--store", path("store-missing"), "--corpus", none},
            Limit::None, 2, none + ": no corpus here");
        row("store ingest: missing JSONL", {"store", "ingest", "--jsonl", none, "--store", store_}, Limit::None, 2,
            none + ": cannot open for reading");
        row("store info: missing store", {"store", "info", none}, Limit::None, 2, none + ": no datastore here");
        row("store search: missing store", {"store", "search", "--text", "rivers", "--store", none}, Limit::None, 2,
            none + ": no datastore here");
        row("store bench: missing store", {"store", "bench", "--store", none}, Limit::None, 2, none + ": no datastore here");
        // The work fails: exit 1 naming the file and the OS's reason.
        row("session export: disk full", {"session", "export", session_, "--out", path("full.json")}, Limit::DiskFull, 1,
            path("full.json") + ": write failed: File too large");
        row("query --session: disk full",
            {"query", "--text-file", query_, "--store", store_, "--n", "2", "--k", "4", "--generate-tokens", "2",
             "--session", path("full.hullft")},
            Limit::DiskFull, 1, path("full.hullft") + ": ");
        row("store build: disk full", {"store", "build", "--store", path("store-full"), "--corpus", corpus_, "--max-tokens", "32"},
            Limit::DiskFull, 1, path("store-full.partial/store.sqlite") + ": ");
        row("bench: disk full",
            {"bench", "--store", store_, "--corpus", corpus_, "--out", path("bench-full"), "--methods", "base,knn", "--n", "2",
             "--k", "4"},
            Limit::DiskFull, 1, path("bench-full/") );
        row("session export: read-only folder", {"session", "export", session_, "--out", readOnly_ + "/report.json"},
            Limit::ReadOnlyFolder, 1, readOnly_ + "/report.json: cannot create a temporary file beside it: Permission denied");
        row("store build: read-only folder",
            {"store", "build", "--store", readOnly_ + "/store", "--corpus", corpus_, "--max-tokens", "32"},
            Limit::ReadOnlyFolder, 1, readOnly_ + "/store.lock: cannot create the lock file: Permission denied");
        row("store ingest: read-only folder", {"store", "ingest", "--jsonl", corpus_ + "/test.jsonl", "--store", readOnly_ + "/store"},
            Limit::ReadOnlyFolder, 1, readOnly_ + "/store.lock: cannot create the lock file: Permission denied");
        row("query --session: read-only folder",
            {"query", "--text-file", query_, "--store", store_, "--n", "2", "--k", "4", "--generate-tokens", "2",
             "--session", readOnly_ + "/run.hullft"},
            Limit::ReadOnlyFolder, 1, readOnly_ + "/run.hullft: cannot create: Permission denied");
        row("bench: read-only folder",
            {"bench", "--store", store_, "--corpus", corpus_, "--out", readOnly_ + "/bench", "--methods", "base", "--n", "2"},
            Limit::ReadOnlyFolder, 1, readOnly_ + "/bench: Permission denied");
    }

    void every_command_follows_the_exit_code_rule() {
        QFETCH(QStringList, arguments);
        QFETCH(int, limit);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        if (static_cast<Limit>(limit) == Limit::ReadOnlyFolder && !unprivilegedCanRun_)
            QSKIP("root without setpriv, or nobody cannot read this checkout: no way to be refused a folder");
        const CliResult result = runLimited(static_cast<Limit>(limit), arguments);
        QVERIFY2(result.exitCode == exitCode,
                 qPrintable(QStringLiteral("exit %1, stderr: %2").arg(result.exitCode).arg(QString::fromUtf8(result.err))));
        // Progress lines may come first; the error starts at the last line that begins "hullft: "
        // (a usage error adds the usage after it).
        const QString err = QString::fromUtf8(result.err);
        const int errorStart = err.startsWith(QStringLiteral("hullft: ")) ? 0 : err.lastIndexOf(QStringLiteral("\nhullft: "));
        QVERIFY2(errorStart >= 0, result.err.constData());
        QVERIFY2(err.mid(errorStart).contains(message), result.err.constData());
    }

    // Resumable work stopped by a full disk: exit 1 naming the file and the reason, what was
    // committed left intact (the store verifies in full, the bench keeps its rows), and the same
    // command, run again once space is back, finishes the work.
    void work_stopped_by_a_full_disk_finishes_once_space_is_back_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("failedFile");
        QTest::addColumn<QStringList>("check");  // exits 0 only when the work is complete and sound
        const QString built = path("store-resumed");
        QTest::newRow("store build") << QStringList{"store", "build", "--store", built, "--corpus", corpus_, "--max-tokens", "32"}
                                     << built + ".partial/" << QStringList{"store", "verify", built, "--all"};
        const QString grown = path("store-grown");
        const CliResult copied = runCli({"store", "build", "--store", grown, "--corpus", corpus_, "--max-tokens", "32"});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        std::ofstream(path("more.jsonl").toStdString())
            << "{\"text\": \"A new note on valleys, lakes and the long winters of the far north.\", "
               "\"meta\": {\"pile_set_name\": \"gamma\"}}\n";
        QTest::newRow("store ingest") << QStringList{"store", "ingest", "--jsonl", path("more.jsonl"), "--store", grown}
                                      << grown + ".partial/store.sqlite: cannot copy the store's database here"
                                      << QStringList{"store", "verify", grown, "--all"};
        const QString bench = path("bench-resumed");
        QTest::newRow("bench") << QStringList{"bench", "--store", store_, "--corpus", corpus_, "--out", bench,
                                              "--methods", "base,knn", "--n", "2", "--k", "4"}
                               << bench + "/" << QStringList{"bench", "summary", bench};
    }

    void work_stopped_by_a_full_disk_finishes_once_space_is_back() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, failedFile);
        QFETCH(QStringList, check);
        const CliResult stopped = runLimited(Limit::DiskFull, arguments);
        QCOMPARE(stopped.exitCode, 1);
        const QString err = QString::fromUtf8(stopped.err);
        QVERIFY2(err.contains("hullft: " + failedFile) && err.contains(QStringLiteral("File too large")), stopped.err.constData());
        const CliResult resumed = runCli(arguments);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const CliResult checked = runCli(check);
        QVERIFY2(checked.exitCode == 0, (checked.out + checked.err).constData());
        if (QTest::currentDataTag() == QByteArray("store ingest"))
            QVERIFY2(runCli({"store", "info", arguments[5]}).out.contains("gamma"), "the ingested domain is missing");
        if (QTest::currentDataTag() == QByteArray("bench")) {
            QFile rows(arguments[6] + "/results.csv");
            QVERIFY(rows.open(QIODevice::ReadOnly));
            QCOMPARE(rows.readAll().count('\n'), 1 + kBenchRuns);
        }
    }

    // A session whose disk fills mid-query: the run stops naming the file, and every record
    // committed before stays and verifies (128 KiB holds the header and a few records, not the run).
    void a_session_cut_by_a_full_disk_keeps_what_it_recorded() {
        const QString session = path("cut-short.hullft");
        const CliResult stopped = runLimited(Limit::DiskFull,
                                             {"query", "--text-file", query_, "--store", store_, "--n", "4", "--k", "6",
                                              "--generate-tokens", "2", "--session", session},
                                             128);
        QCOMPARE(stopped.exitCode, 1);
        QVERIFY2(stopped.err.contains(("hullft: " + session + ": ").toUtf8()) && stopped.err.contains("a write failed"),
                 stopped.err.constData());
        const CliResult verified = runCli({"session", "verify", session});
        QVERIFY2(verified.exitCode == 0 && verified.out.startsWith("OK: "), (verified.out + verified.err).constData());
        QVERIFY2(!verified.out.startsWith("OK: 1 records"), verified.out.constData());  // more than the header
    }

    void an_existing_session_is_refused_untouched() {
        const auto digest = [this] {
            QFile file(session_);
            return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                                  : QByteArray();
        };
        const QByteArray before = digest();
        const CliResult result = runCli({"query", "--text-file", query_, "--store", store_, "--session", session_});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(digest(), before);
        const QString link = path("session-link.hullft");
        QVERIFY(QFile::link(session_, link));
        QCOMPARE(runCli({"session", "export", session_, "--format", "html", "--out", link, "--force"}).exitCode, 2);
        QCOMPARE(digest(), before);
        QVERIFY(!QFile::exists(session_ + "-wal"));
        QCOMPARE(runCli({"session", "verify", session_}).exitCode, 0);
    }

    // README.md's "Errors" table, row by row: each example message is what a real command
    // prints, run in a folder holding the files the example names, and exits as the row says.
    // CancelledError (a Ctrl-C mid-run) is checked on the class itself.
    void the_readme_errors_table_is_what_the_commands_do() {
        const std::vector<ErrorsTableRow> rows = readErrorsTable(QStringLiteral(HULLFT_SOURCE_DIR "/README.md"));
        QCOMPARE(rows.size(), size_t(6));
        const QString folder = path("errors-table");
        QVERIFY(QDir().mkpath(folder + "/stores"));
        std::ofstream((folder + "/notes.txt").toStdString()) << "not a session";
        QVERIFY(QFile::copy(session_, folder + "/session.hullft"));
        // Another process writing stores/default: this one, holding the store's lock.
        const int lock = ::open((folder + "/stores/default.lock").toLocal8Bit().constData(), O_RDWR | O_CREAT, 0644);
        QVERIFY(lock >= 0 && ::flock(lock, LOCK_EX) == 0);
        const std::string pid = std::to_string(::getpid());
        QVERIFY(::write(lock, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size()));
        for (const ErrorsTableRow& row : rows) {
            QString expected = row.examples.isEmpty() ? QString() : row.examples.last();
            CliResult result;
            if (row.error_class == "(none)") {
                result = runIn(folder, false, {"session", "verify", "session.hullft"});
            } else if (row.error_class == "UsageError") {
                result = runIn(folder, false, {"query", "--no-such-option"});
                QVERIFY(result.err.contains("\nUsage:"));
            } else if (row.error_class == "InputError") {
                result = runIn(folder, false, {"session", "verify", "notes.txt"});
            } else if (row.error_class == "IoError") {
                result = runIn(folder, true, {"session", "export", "session.hullft", "--out", "out.json"});
            } else if (row.error_class == "CancelledError") {
                QCOMPARE(hullft::exitCodeFor(hullft::CancelledError()), row.exit_code);
                QCOMPARE("hullft: " + QString(hullft::CancelledError().what()), expected);
                continue;
            } else if (row.error_class == "Error") {
                result = runIn(folder, false, {"store", "build", "--store", "stores/default", "--corpus", "corpus"});
                expected.replace("4242", QString::fromStdString(pid));
            } else {
                QFAIL(qPrintable("a class the test has no command for: " + row.error_class));
            }
            QVERIFY2(result.exitCode == row.exit_code,
                     qPrintable(row.error_class + QString(": exit %1, the table says %2").arg(result.exitCode).arg(row.exit_code)));
            QVERIFY2(expected.isEmpty() ? result.err.isEmpty() : result.err.startsWith(expected.toUtf8()),
                     qPrintable(row.error_class + ": printed " + result.err + ", the table says " + expected));
        }
        ::close(lock);
    }
};

QTEST_GUILESS_MAIN(CliErrorsTest)
#include "cli_errors_test.moc"
