#include <QTemporaryDir>
#include <QtTest>

#include "hash_chain.h"
#include "session_fixtures.h"
#include "session_reader.h"
#include "session_tampering.h"

using namespace hullft::sessions;
using namespace hullft::sessions::testing;

namespace {

// The recorded file holds 43 records: 1 header, 2 query_started, 3 candidates, 4-13 FW
// iterations, 14 selection, 15-34 finetune steps, 35 circuit breaker, 36 evaluation,
// 37 generation, 38-42 timings, 43 query_finished.
constexpr int kRecords = 43;

// Moves records seq >= N one place up (two steps, so the primary key never collides).
QString shiftUpFrom(int n) {
    return QString("UPDATE records SET seq = -seq WHERE seq >= %1; UPDATE records SET seq = 1 - seq WHERE seq < 0; ").arg(n);
}

}  // namespace

class SessionsTamperTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int counter_ = 0;

    // Each case edits its own copy of one recorded session (recording syncs every record).
    std::string freshSession() {
        const QString path = dir_.filePath(QString("session-%1.hullft").arg(++counter_));
        if (!QFile::copy(dir_.filePath("recorded.hullft"), path)) qFatal("cannot copy the recorded session");
        return path.toStdString();
    }

private slots:
    void initTestCase() { recordSession(dir_.filePath("recorded.hullft").toStdString(), realisticQuery({})); }

    void untouched_session_verifies() {
        const VerifyResult result = SessionReader(freshSession()).verify();
        QVERIFY2(result.ok(), result.message.c_str());
        QCOMPARE(result.record_count, int64_t{kRecords});
        QCOMPARE(result.head_hash.size(), size_t{64});
    }

    void verify_finds_the_first_tampered_record_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("tampering");
        QTest::addColumn<int>("seq");
        const auto row = [](const char* name, const QString& sql, Tampering t, int seq) {
            QTest::newRow(name) << (kDropGuards + sql) << int(t) << seq;
        };
        row("payload edited", "UPDATE records SET payload = json_set(payload, '$.loss', 0.01) WHERE seq = 17;",
            Tampering::Changed, 17);
        row("header settings edited", "UPDATE records SET payload = json_set(payload, '$.settings.n', 50) WHERE seq = 1;",
            Tampering::Changed, 1);
        row("model identity edited", "UPDATE records SET payload = json_set(payload, '$.model_identity', 'sha256:00') WHERE seq = 1;",
            Tampering::Changed, 1);
        row("kind edited", "UPDATE records SET kind = 'stage_timing' WHERE seq = 35;", Tampering::Changed, 35);
        row("query id edited", "UPDATE records SET query_id = 'q-9999' WHERE seq = 36;", Tampering::Changed, 36);
        row("record deleted", "DELETE FROM records WHERE seq = 20;", Tampering::Removed, 20);
        row("record deleted and the rest renumbered",
            "DELETE FROM records WHERE seq = 20; UPDATE records SET seq = -seq WHERE seq > 20; "
            "UPDATE records SET seq = -seq - 1 WHERE seq < 0; UPDATE chain_head SET record_count = 42;",
            Tampering::Removed, 20);
        row("header deleted", "DELETE FROM records WHERE seq = 1;", Tampering::Removed, 1);
        row("last record deleted", "DELETE FROM records WHERE seq = 43;", Tampering::Removed, 43);
        row("two records swapped",
            "UPDATE records SET seq = -5 WHERE seq = 5; UPDATE records SET seq = 5 WHERE seq = 7; "
            "UPDATE records SET seq = 7 WHERE seq = -5;",
            Tampering::Reordered, 5);
        row("forged record with a valid hash inserted",
            shiftUpFrom(25) +
                "INSERT INTO records SELECT 25, kind, query_id, payload, hash, record_hash(25, kind, query_id, payload, hash) "
                "FROM records WHERE seq = 24; UPDATE chain_head SET record_count = 44;",
            Tampering::Inserted, 25);
        row("forged record with a made-up hash inserted",
            shiftUpFrom(25) +
                "INSERT INTO records SELECT 25, kind, query_id, payload, hash, 'deadbeef' FROM records WHERE seq = 24;",
            Tampering::Inserted, 25);
        row("record appended after the chain head",
            "INSERT INTO records SELECT 44, kind, query_id, payload, hash, record_hash(44, kind, query_id, payload, hash) "
            "FROM records WHERE seq = 43;",
            Tampering::Inserted, 44);
        row("chain head edited", "UPDATE chain_head SET head_hash = (SELECT hash FROM records WHERE seq = 42);",
            Tampering::HeadMismatch, 43);
        row("chain head deleted", "DELETE FROM chain_head;", Tampering::HeadMismatch, 43);
        QTest::newRow("hash recomputed over a malformed payload")
            << rewriteLastPayload("'{\"query_id\": 5}'") << int(Tampering::Invalid) << 43;
    }

    void verify_finds_the_first_tampered_record() {
        QFETCH(QString, sql);
        QFETCH(int, tampering);
        QFETCH(int, seq);
        const std::string path = freshSession();
        QCOMPARE(tamper(path, sql), QString());
        const VerifyResult result = SessionReader(path).verify();
        QVERIFY2(!result.ok(), "tampering went unnoticed");
        QCOMPARE(QString(tamperingName(result.tampering)), QString(tamperingName(Tampering(tampering))));
        QCOMPARE(result.seq, int64_t(seq));
        QVERIFY2(result.message.find("record " + std::to_string(seq)) == 0, result.message.c_str());
    }

    void append_only_triggers_refuse_plain_edits() {
        const std::string path = freshSession();
        QVERIFY(tamper(path, "UPDATE records SET payload = '{}' WHERE seq = 3;").contains("append-only"));
        QVERIFY(tamper(path, "DELETE FROM records WHERE seq = 3;").contains("append-only"));
        QVERIFY(SessionReader(path).verify().ok());
    }

    // Without a secret, whoever rewrites the tail and the chain head goes unnoticed by the file
    // alone; the chain head printed at recording time is what exposes it.
    void rewriting_the_tail_changes_the_chain_head() {
        const std::string path = freshSession();
        const std::string before = SessionReader(path).verify().head_hash;
        QCOMPARE(tamper(path, rewriteLastPayload("json_set(payload, '$.total_seconds', 1.0)")), QString());
        const VerifyResult after = SessionReader(path).verify();
        QVERIFY(after.ok());
        QVERIFY(after.head_hash != before);
    }
};

QTEST_GUILESS_MAIN(SessionsTamperTest)
#include "sessions_tamper_test.moc"
