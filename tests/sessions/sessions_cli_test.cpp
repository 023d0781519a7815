#include <nlohmann/json.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"
#include "common/ed25519_key.h"
#include "session_fixtures.h"
#include "session_tampering.h"

using namespace hullft::sessions::testing;

// `hullft session verify|show|export FILE` and `hullft session keygen KEY` as a user runs them:
// output and exit codes.
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

    void a_session_signed_with_a_new_key_verifies_only_as_it_was_closed() {
        const QString key = dir_.filePath("auditor.key");
        const CliResult made = runCli({"session", "keygen", key});
        QCOMPARE(made.exitCode, 0);
        QVERIFY2(made.out.contains("fingerprint SHA256:"), made.out.constData());
        QVERIFY(QFile::exists(key) && QFile::exists(key + ".pub"));
        const CliResult again = runCli({"session", "keygen", key});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(key.toUtf8() + ": exists; pass --force"), again.err.constData());

        const QString session = dir_.filePath("signed.hullft");
        hullft::sessions::RecorderOptions options;
        options.signing_key =
            std::make_shared<const hullft::Ed25519PrivateKey>(hullft::Ed25519PrivateKey::load(key.toStdString()));
        recordSession(session.toStdString(), realisticQuery({}), options);
        const CliResult checked = runCli({"session", "verify", session, "--public-key", key + ".pub"});
        QCOMPARE(checked.exitCode, 0);
        QVERIFY2(checked.out.startsWith("OK: 43 records") && checked.out.contains("; chain head signed at close by SHA256:"),
                 checked.out.constData());
        const CliResult unchecked = runCli({"session", "verify", session});
        QCOMPARE(unchecked.exitCode, 0);
        QVERIFY2(unchecked.out.contains("signed (closed) by SHA256:") && unchecked.out.contains("not checked: `hullft session verify --public-key KEY.pub`"),
                 unchecked.out.constData());

        const QString cut = dir_.filePath("signed-cut.hullft");
        QVERIFY(QFile::copy(session, cut));
        QCOMPARE(tamper(cut.toStdString(), kDropGuards + "DELETE FROM records WHERE seq > 30; UPDATE chain_head SET "
                                                         "record_count = 30, head_hash = (SELECT hash FROM records WHERE seq = 30);"),
                 QString());
        QCOMPARE(runCli({"session", "verify", cut}).exitCode, 0);  // the chain alone cannot tell
        const CliResult cutChecked = runCli({"session", "verify", cut, "--public-key", key + ".pub"});
        QCOMPARE(cutChecked.exitCode, 1);
        QVERIFY2(cutChecked.out.startsWith("TAMPERED (signed head differs): signed at 43 records"), cutChecked.out.constData());

        const CliResult unsignedChecked = runCli({"session", "verify", recorded_, "--public-key", key + ".pub"});
        QCOMPARE(unsignedChecked.exitCode, 1);
        QVERIFY2(unsignedChecked.out.startsWith("UNVERIFIED (not signed)"), unsignedChecked.out.constData());
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
