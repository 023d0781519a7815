#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "common/errors.h"
#include "session_exercise.h"

using namespace hullft::sessions;

// The libFuzzer target's contract under the normal build (and where clang is missing):
// byte-mutated session files reach the reader, verifier, replay and exports, and the only
// failure allowed is an InputError naming the file.
class SessionsMutationTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::vector<QByteArray> seeds_;

    static void mutate(QByteArray& bytes, std::mt19937& random) {
        const auto at = [&] { return int(random() % uint32_t(std::max<qsizetype>(1, bytes.size()))); };
        const int edits = 1 + int(random() % 6);
        for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
            switch (random() % 6) {
            case 0: bytes[at()] = char(random()); break;
            case 1: bytes[at()] = char(random() % 2 ? 0x00 : 0xff); break;
            case 2: bytes.truncate(at()); break;
            case 3: {  // a big-endian int field (page numbers, sizes, counts) set to an edge value
                static const uint32_t kEdges[] = {0, 1, 0x7f, 0x80, 0xffff, 0x7fffffff, 0xffffffff, 512, 65536};
                const uint32_t value = kEdges[random() % std::size(kEdges)];
                const int i = at();
                for (int k = 0; k < 4 && i + k < bytes.size(); ++k) bytes[i + k] = char(value >> (24 - 8 * k));
                break;
            }
            case 4: {  // a chunk copied over another place
                const int from = at(), to = at(), length = int(random() % 64);
                bytes.replace(to, length, bytes.mid(from, length));
                break;
            }
            default: bytes[at()] ^= char(1 << (random() % 8));
            }
        }
    }

private slots:
    void initTestCase() {
        const QDir corpus(QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/fuzz_corpus"));
        for (const QString& name : corpus.entryList({"*.hullft"}, QDir::Files)) {
            QFile file(corpus.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            seeds_.push_back(file.readAll());
        }
        QVERIFY(seeds_.size() >= 2);
    }

    void seeds_are_valid_sessions() {
        for (const QString& name : QDir(QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/fuzz_corpus")).entryList({"*.hullft"})) {
            const SessionReader reader((QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/fuzz_corpus/") + name).toStdString());
            QVERIFY2(reader.verify().ok(), qPrintable(name));
        }
    }

    void mutated_files_give_only_clear_errors() {
        std::mt19937 random(20261123);
        int rejected = 0, accepted = 0;
        constexpr int kFiles = 1000;
        for (int i = 0; i < kFiles; ++i) {
            QByteArray bytes = seeds_[size_t(i) % seeds_.size()];
            mutate(bytes, random);
            const QString path = dir_.filePath(QString("mutant-%1.hullft").arg(i));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
            file.close();
            try {
                testing::useEverything(path.toStdString());
                ++accepted;
            } catch (const hullft::InputError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + ": "), e.what());
                ++rejected;
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString("mutant %1: %2 escaped as %3").arg(i).arg(e.what(), typeid(e).name())));
            }
            QFile::remove(path);
        }
        qInfo("%d mutants rejected with a clear error, %d still readable", rejected, accepted);
        QVERIFY(rejected > kFiles / 10);  // the mutations do reach the reader's checks
    }
};

QTEST_GUILESS_MAIN(SessionsMutationTest)
#include "sessions_mutation_test.moc"
