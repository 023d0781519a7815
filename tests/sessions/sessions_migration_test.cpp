// A session written by the previous release (tests/data/sessions/release-0.1.0.hullft: schema
// version 1, one HullFT query; see tests/data/sessions/README.md) still opens, verifies and
// replays, every payload decodes and re-encodes to its stored bytes, and migrating the file to
// the current schema keeps the hash chain intact.
#include <QtTest>

#include "common/sqlite_database.h"
#include "event_codec.h"
#include "schema.h"
#include "session_reader.h"

using namespace hullft::sessions;

namespace {

const QString kReleaseSession = QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/release-0.1.0.hullft");

// Counts the replayed events by record kind.
struct KindCounter : hullft::AnyEventObserver {
    std::map<std::string, int> counts;
    void onAnyEvent(const hullft::PipelineEvent& event) override { ++counts[hullft::kindOf(event)]; }
};

}  // namespace

class SessionsMigrationTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString copyOfRelease() {
        const QString copy = dir_.filePath(QString::number(QRandomGenerator::global()->generate()) + ".hullft");
        QFile::copy(kReleaseSession, copy);
        QFile(copy).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        return copy;
    }

private slots:
    void release_session_opens_verifies_and_replays() {
        const SessionReader reader(kReleaseSession.toStdString());
        QCOMPARE(reader.schemaVersion(), 1);
        const hullft::sessions::VerifyResult verified = reader.verify();
        QVERIFY2(verified.ok(), verified.message.c_str());
        QCOMPARE(reader.info().tool_version, std::string("0.1.0"));
        const std::vector<QuerySummary> queries = reader.queries();
        QCOMPARE(queries.size(), size_t{1});
        QVERIFY(queries[0].finished);
        KindCounter counter;
        reader.replay(queries[0].query_id, counter);
        QCOMPARE(counter.counts["query_started"], 1);
        QCOMPARE(counter.counts["selection_ready"], 1);
        QCOMPARE(counter.counts["finetune_step"], 4);
        QCOMPARE(counter.counts["evaluation"], 1);
        QCOMPARE(counter.counts["query_finished"], 1);
        QVERIFY(counter.counts["fw_iteration"] >= 1);
    }

    // Its evaluation predates the recorded BPB rule: it was scored under the reference rule.
    void release_evaluation_reads_as_the_reference_rule() {
        const SessionReader reader(kReleaseSession.toStdString());
        int evaluations = 0;
        reader.forEachRawRecord([&](const RawRecord& record) {
            if (record.kind != "evaluation") return;
            QVERIFY(!parsePayload(record.payload).contains("bpb_rule"));
            const auto evaluation = std::get<hullft::EvaluationEvent>(decodeEvent(record.kind, parsePayload(record.payload)));
            QCOMPARE(evaluation.bpb_rule, std::string("reference"));
            ++evaluations;
        });
        QCOMPARE(evaluations, 1);
        QCOMPARE(reader.queries().front().bpb_rule, std::string("reference"));
    }

    void every_release_payload_reencodes_to_its_stored_bytes() {
        const SessionReader reader(kReleaseSession.toStdString());
        int checked = 0;
        reader.forEachRawRecord([&](const RawRecord& record) {
            if (record.seq == 1) return;  // the header
            const hullft::PipelineEvent event = decodeEvent(record.kind, parsePayload(record.payload));
            QCOMPARE(QString::fromStdString(canonicalJson(encodeEvent(event))), QString::fromStdString(record.payload));
            ++checked;
        });
        QVERIFY(checked > 10);
    }

    void migrating_a_release_session_keeps_its_chain() {
        const QString path = copyOfRelease();
        {
            const hullft::SqliteDatabase db(path.toStdString(), hullft::SqliteDatabase::Mode::ReadWrite);
            migrateToCurrent(db);
            QCOMPARE(schemaVersion(db), kSchemaVersion);
            hullft::SqliteStatement fields(db, "SELECT count(*) FROM event_fields WHERE kind = 'finetune_step' AND field = 'loss'");
            QVERIFY(fields.step());
            QCOMPARE(fields.integer(0), int64_t{4});
        }
        const SessionReader reader(path.toStdString());
        QCOMPARE(reader.schemaVersion(), kSchemaVersion);
        const hullft::sessions::VerifyResult verified = reader.verify();
        QVERIFY2(verified.ok(), verified.message.c_str());
    }
};

QTEST_GUILESS_MAIN(SessionsMigrationTest)
#include "sessions_migration_test.moc"
