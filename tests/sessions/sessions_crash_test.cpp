#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "html_export.h"
#include "session_reader.h"

using namespace hullft::sessions;

// A recorder killed with SIGKILL mid-query must leave a file that opens, verifies and holds
// every record it had committed.
class SessionsCrashTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // Starts the writer, waits until it reports `target` committed records, kills it -9 and
    // returns the last count it reported.
    static int64_t recordUntilKilled(const QString& path, int64_t target) {
        QProcess writer;
        writer.start(QStringLiteral(HULLFT_CRASH_WRITER_PATH), {path});
        int64_t committed = 0;
        while (committed < target) {
            if (!writer.waitForReadyRead(30000)) qFatal("the writer stopped early: %s", writer.readAllStandardError().constData());
            while (writer.canReadLine()) committed = writer.readLine().trimmed().toLongLong();
        }
        writer.kill();  // SIGKILL: no destructor, no checkpoint
        writer.waitForFinished();
        if (writer.exitStatus() != QProcess::CrashExit) qFatal("the writer was not killed");
        return committed;
    }

private slots:
    void killed_recorder_leaves_a_verifiable_file_data() {
        QTest::addColumn<qint64>("target");
        QTest::newRow("during the first query") << qint64(5);
        QTest::newRow("during finetuning of query 2") << qint64(43 + 20);
        QTest::newRow("during query 3") << qint64(2 * 42 + 30);
    }

    void killed_recorder_leaves_a_verifiable_file() {
        QFETCH(qint64, target);
        const QString path = dir_.filePath(QString("killed-%1.hullft").arg(target));
        const int64_t committed = recordUntilKilled(path, target);
        QVERIFY(QFile::exists(path + "-wal"));  // killed before the WAL was folded in

        const SessionReader reader(path.toStdString());
        const VerifyResult result = reader.verify();
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY2(result.record_count >= committed, qPrintable(QString("%1 records, %2 reported committed")
                                                                  .arg(result.record_count).arg(committed)));
        int64_t replayed = 1;  // the header
        for (const QuerySummary& query : reader.queries()) replayed += int64_t(reader.records(query.query_id).size());
        QCOMPARE(replayed, result.record_count);
        const auto queries = reader.queries();
        QVERIFY(!queries.empty());
        QVERIFY(!queries.back().finished || result.record_count % 42 == 1);
        QVERIFY(exportHtml(reader).find("unfinished") != std::string::npos || queries.back().finished);
    }
};

QTEST_GUILESS_MAIN(SessionsCrashTest)
#include "sessions_crash_test.moc"
