#include <nlohmann/json.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"
#include "session_fixtures.h"
#include "session_tampering.h"

using namespace hullft::sessions::testing;

// `hullft session verify|show|export FILE` as a user runs it: output and exit codes.
class SessionsCliTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString recorded_;

    QString copyOfRecorded(const QString& name) {
        const QString path = dir_.filePath(name);
        QFile::copy(recorded_, path);
        return path;
    }

private slots:
    void initTestCase() {
        recorded_ = dir_.filePath("recorded.hullft");
        recordSession(recorded_.toStdString(), realisticQuery({"q-1", "A <b>bold</b> query", 1, false}));
    }

    void verify_prints_ok_and_exits_zero() {
        const CliResult result = runCli({"session", "verify", recorded_});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith("OK: 43 records, chain head "));
        QVERIFY(result.err.isEmpty());
    }

    void verify_names_the_first_bad_record_and_exits_one() {
        const QString path = copyOfRecorded("tampered.hullft");
        QCOMPARE(tamper(path.toStdString(), kDropGuards + "DELETE FROM records WHERE seq = 12;"), QString());
        const CliResult result = runCli({"session", "verify", path});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.out.startsWith("TAMPERED (removed): record 12 was removed"), result.out.constData());
    }

    void verify_of_a_file_that_is_no_session_exits_two() {
        const QString path = dir_.filePath("notes.txt");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some notes, long enough to not be an empty database file ........................\n");
        file.close();
        const CliResult result = runCli({"session", "verify", path});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(QString::fromUtf8(result.err), "hullft: " + path + ": not a SQLite database\n");
        QVERIFY(result.out.isEmpty());
    }

    void show_prints_a_summary() {
        const CliResult result = runCli({"session", "show", recorded_});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("queries: 1"));
        QVERIFY(result.out.contains("finetune: 20 steps recorded (12 computed, 8 reused)"));
        QVERIFY(result.out.contains("BPB base 1.2 -> adapted 1.32 (adapted rejected)"));
        QVERIFY(result.out.contains("verification: OK"));
    }

    void export_writes_json_atomically() {
        const QString out = dir_.filePath("exports/session.json");
        QDir().mkpath(dir_.filePath("exports"));
        const CliResult result = runCli({"session", "export", recorded_, "--format", "json", "--out", out});
        QCOMPARE(result.exitCode, 0);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto document = nlohmann::json::parse(file.readAll().toStdString());
        QCOMPARE(document["records"].size(), size_t{43});
        QCOMPARE(QDir(dir_.filePath("exports")).entryList(QDir::Files | QDir::Hidden), QStringList{"session.json"});
    }

    void export_html_to_stdout_is_escaped() {
        const CliResult result = runCli({"session", "export", recorded_, "--format", "html"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith("<!DOCTYPE html>"));
        QVERIFY(result.out.contains("A &lt;b&gt;bold&lt;/b&gt; query"));
    }

    void bad_usage_exits_two_data() {
        QTest::addColumn<QStringList>("arguments");
        // Each run starts the whole CLI (LibTorch included), so only the two kinds of mistake.
        QTest::newRow("unknown action") << QStringList{"session", "delete", "x.hullft"};
        QTest::newRow("unknown format") << QStringList{"session", "export", "x.hullft", "--format", "pdf"};
    }

    void bad_usage_exits_two() {
        QFETCH(QStringList, arguments);
        if (arguments.size() > 2 && arguments[1] == "export") arguments[2] = recorded_;
        const CliResult result = runCli(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains("Usage: hullft session"));
    }
};

QTEST_GUILESS_MAIN(SessionsCliTest)
#include "sessions_cli_test.moc"
