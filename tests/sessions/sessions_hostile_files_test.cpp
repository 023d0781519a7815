#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>
#include <map>

#include "common/errors.h"
#include "session_exercise.h"
#include "session_fixtures.h"
#include "session_tampering.h"

using namespace hullft;
using namespace hullft::sessions;
using namespace hullft::sessions::testing;

namespace {

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

void runSql(const QString& path, const QString& sql) {
    const QString error = tamper(path.toStdString(), sql);
    if (!error.isEmpty()) qFatal("fixture SQL failed: %s", qPrintable(error));
}

}  // namespace

class SessionsHostileFilesTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString recorded_;

    QString copyOfRecorded(const QString& path) {
        QFile::copy(recorded_, path);
        return path;
    }

    // How each hostile file is made, by row name.
    std::map<QString, std::function<void(const QString&)>> makers() {
        return {
            {"empty file", [](const QString& p) { writeBytes(p, {}); }},
            {"random bytes", [](const QString& p) {
                 QByteArray bytes(8192, 0);
                 for (int i = 0; i < bytes.size(); ++i) bytes[i] = char((i * 7919) ^ (i >> 3));
                 writeBytes(p, bytes);
             }},
            {"a text file", [](const QString& p) { writeBytes(p, "query,text\n1,hello\n"); }},
            {"truncated session", [this](const QString& p) {
                 QFile original(recorded_);
                 original.open(QIODevice::ReadOnly);
                 writeBytes(p, original.readAll().left(int(original.size() / 2)));
             }},
            {"another SQLite database", [](const QString& p) { runSql(p, "CREATE TABLE people(name TEXT);"); }},
            {"newer schema version", [this](const QString& p) { runSql(copyOfRecorded(p), "PRAGMA user_version = 99;"); }},
            {"records table lacking columns", [](const QString& p) {
                 runSql(p, "CREATE TABLE records(seq INTEGER PRIMARY KEY, kind TEXT); PRAGMA user_version = 1;");
             }},
            {"huge blob in a payload", [this](const QString& p) {
                 runSql(copyOfRecorded(p), kDropGuards + "UPDATE records SET payload = zeroblob(65 * 1024 * 1024) WHERE seq = 20;");
             }},
            {"malformed JSON payload", [this](const QString& p) { runSql(copyOfRecorded(p), rewriteLastPayload("'{\"query_id\": '")); }},
            {"deeply nested payload", [this](const QString& p) {
                 runSql(copyOfRecorded(p), rewriteLastPayload("'{\"a\":' || replace(hex(zeroblob(50000)), '00', '[') || '1'"));
             }},
            {"mistyped payload field", [this](const QString& p) {
                 runSql(copyOfRecorded(p), rewriteLastPayload("json_set(payload, '$.total_seconds', 'DROP TABLE records')"));
             }},
            {"SQL as the record kind", [this](const QString& p) {
                 runSql(copyOfRecorded(p), kDropGuards + "UPDATE records SET kind = 'x''); DROP TABLE records; --' WHERE seq = 43; "
                                                         "UPDATE records SET hash = record_hash(seq, kind, query_id, payload, prev_hash) WHERE seq = 43; "
                                                         "UPDATE chain_head SET head_hash = (SELECT hash FROM records WHERE seq = 43);");
             }},
            {"header record replaced", [this](const QString& p) {
                 runSql(copyOfRecorded(p), kDropGuards + "UPDATE records SET kind = 'query_started' WHERE seq = 1;");
             }},
            {"a directory", [](const QString& p) { QDir().mkpath(p); }},
            {"no file at all", [](const QString&) {}},
        };
    }

private slots:
    void initTestCase() {
        recorded_ = dir_.filePath("recorded.hullft");
        recordSession(recorded_.toStdString(), realisticQuery({}));
    }

    void hostile_file_gives_a_clear_error_naming_it_data() {
        QTest::addColumn<QString>("maker");
        QTest::addColumn<QString>("problem");
        const std::vector<std::pair<const char*, const char*>> rows = {
            {"empty file", "not a HullFT session (no records table)"},
            {"random bytes", "not a SQLite database"},
            {"a text file", "not a SQLite database"},
            {"truncated session", "corrupt"},
            {"another SQLite database", "not a HullFT session (no records table)"},
            {"newer schema version", "schema version 99"},
            {"records table lacking columns", "table 'records' lacks column 'query_id'"},
            {"huge blob in a payload", "larger than the reader accepts"},
            {"malformed JSON payload", "record 43 (query_finished): malformed JSON"},
            {"deeply nested payload", "record 43 (query_finished): JSON nests deeper than"},
            {"mistyped payload field", "record 43 (query_finished): field 'total_seconds': expected a number, got string"},
            {"SQL as the record kind", "unknown record kind 'x'); DROP TABLE records; --'"},
            {"header record replaced", "record 1 (query_started) is not the session header"},
            {"a directory", "not a regular file"},
            {"no file at all", "no such file"},
        };
        for (const auto& [maker, problem] : rows) QTest::newRow(maker) << QString(maker) << QString(problem);
    }

    void hostile_file_gives_a_clear_error_naming_it() {
        QFETCH(QString, maker);
        QFETCH(QString, problem);
        const QString path = dir_.filePath(maker.replace(' ', '-') + ".hullft");
        makers().at(QString(QTest::currentDataTag()))(path);
        try {
            useEverything(path.toStdString());
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(QString::fromStdString(e.source()), path);
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + ": "), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(problem), e.what());
        }
    }

    // Bytes overwritten inside the file: SQLite notices (an error) or the chain does (a failed
    // verify); either way, no crash and no silent success.
    void overwritten_pages_are_noticed_data() {
        QTest::addColumn<int>("offset");
        for (const int offset : {100, 4096, 8192, 12288, 20000}) QTest::newRow(qPrintable(QString::number(offset))) << offset;
    }

    void overwritten_pages_are_noticed() {
        QFETCH(int, offset);
        const QString path = copyOfRecorded(dir_.filePath(QString("overwritten-%1.hullft").arg(offset)));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(offset + 600 < file.size());
        file.seek(offset);
        file.write(QByteArray(600, '\x5a'));
        file.close();
        try {
            const SessionReader reader(path.toStdString());
            QVERIFY(!reader.verify().ok());
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(path), e.what());
        }
    }

    void sql_in_recorded_text_is_only_data() {
        const std::string path = dir_.filePath("sql-text.hullft").toStdString();
        recordSession(path, realisticQuery({"q'); DELETE FROM records; --", "'; DROP TABLE records; SELECT '", 4, false}));
        const SessionReader reader(path);
        QVERIFY(reader.verify().ok());
        QCOMPARE(reader.queries().at(0).query_id, std::string("q'); DELETE FROM records; --"));
        QCOMPARE(reader.verify().record_count, int64_t{43});
    }

    // Files the fuzzer found (tests/data/sessions/README.md): each must still give a clear
    // InputError naming it.
    void found_hostile_files_give_a_clear_error_naming_them() {
        const QDir found(QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/hostile"));
        const QStringList files = found.entryList({"*.hullft"}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& name : files) {
            const QString path = dir_.filePath(name);
            QFile::remove(path);
            QVERIFY(QFile::copy(found.filePath(name), path));
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
            try {
                useEverything(path.toStdString());
                QFAIL(qPrintable(name + ": no error"));
            } catch (const InputError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + ": "), e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(SessionsHostileFilesTest)
#include "sessions_hostile_files_test.moc"
