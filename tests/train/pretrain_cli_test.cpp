#include <QtTest>

#include <cmath>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "cli_runner.h"

namespace {

// A model small enough to pretrain 40 steps in seconds on two cores.
const char* const kConfig = R"({
  "n_layer": 1, "n_head": 2, "n_embd": 32, "n_positions": 64, "vocab_size": 257,
  "heldout_domains": ["held_out_prose"],
  "steps": 40, "batch_size": 4, "sequence_length": 32,
  "learning_rate": 0.003, "min_learning_rate": 0.0003, "warmup_steps": 4,
  "weight_decay": 0.1, "beta1": 0.9, "beta2": 0.95, "gradient_clip": 1.0, "bf16_on_cuda": true,
  "eval_interval": 20, "eval_batches": 2, "checkpoint_interval": 10, "seed": 7
})";

QByteArray jsonlLine(const QString& text, const QString& domain) {
    QJsonObject meta{{"pile_set_name", domain}};
    return QJsonDocument(QJsonObject{{"text", text}, {"meta", meta}}).toJson(QJsonDocument::Compact) + "\n";
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Train and held-out splits: repetitive prose to learn, plus a domain the config holds out.
struct Corpus {
    QTemporaryDir dir;
    QString config, train, heldout;
    Corpus() {
        config = dir.filePath("pretrain.json");
        train = dir.filePath("train.jsonl");
        heldout = dir.filePath("test.jsonl");
        writeFile(config, kConfig);
        QByteArray lines;
        for (int i = 0; i < 40; ++i)
            lines += jsonlLine(QStringLiteral("The cat sat on the mat number %1. The dog ran to the park and back again.").arg(i),
                               "prose");
        lines += jsonlLine(QStringLiteral("zq xv kj wq zz qq xx jj never seen in training"), "held_out_prose");
        writeFile(train, lines);
        writeFile(heldout, jsonlLine(QStringLiteral("The cat ran to the mat and the dog sat in the park."), "prose"));
    }
    QStringList arguments(const QString& out) const {
        return {"pretrain", "--config", config, "--out", out, "--train", train, "--heldout", heldout, "--device", "cpu"};
    }
};

struct LossRow {
    int step = 0;
    double train = 0.0;
    double heldout = -1.0;
};

QList<LossRow> lossRows(const QString& csvPath) {
    QList<LossRow> rows;
    const QList<QByteArray> lines = readFile(csvPath).trimmed().split('\n');
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(',');
        if (fields.size() != 5) return {};
        rows.append({fields[0].toInt(), fields[2].toDouble(), fields[3].isEmpty() ? -1.0 : fields[3].toDouble()});
    }
    return rows;
}

// Starts `hullft pretrain` into `out` and returns once its first checkpoint is complete (or the
// run ended, or a minute passed); the caller then stops the still running process its own way.
void startUntilFirstCheckpoint(QProcess& process, const Corpus& corpus, const QString& out) {
    process.start(QStringLiteral(HULLFT_CLI_PATH), corpus.arguments(out));
    QVERIFY(process.waitForStarted());
    QElapsedTimer waited;
    waited.start();
    while (!QFile::exists(out + "/checkpoint/state.json") && process.state() == QProcess::Running &&
           waited.elapsed() < 60000)
        QTest::qWait(5);
}

// A run killed (SIGKILL) once its first checkpoint is complete.
void killAfterFirstCheckpoint(const Corpus& corpus, const QString& out) {
    QProcess process;
    startUntilFirstCheckpoint(process, corpus, out);
    process.kill();
    process.waitForFinished();
}

}  // namespace

class PretrainCliTest : public QObject {
    Q_OBJECT

private slots:
    void pretraining_lowers_the_loss_and_writes_a_model_that_evaluates() {
        const Corpus corpus;
        const QString out = corpus.dir.filePath("run");
        const CliResult result = runCli(corpus.arguments(out));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out.trimmed(), (out + "/model").toUtf8());
        QVERIFY(!QDir(out + "/checkpoint").exists());  // finished: nothing left to resume

        const QList<LossRow> rows = lossRows(out + "/loss.csv");
        QVERIFY(rows.size() >= 2);
        QCOMPARE(rows.last().step, 40);
        // A model that learnt nothing stays at ln(257) = 5.55 nats, a uniform guess over the bytes.
        const QString losses = QString("train loss %1 -> %2").arg(rows.first().train).arg(rows.last().train);
        QVERIFY2(rows.last().train < 0.6 * std::log(257.0), qPrintable(losses));
        QVERIFY2(rows.last().train < rows.first().train - 0.5, qPrintable(losses));
        QVERIFY(rows.last().heldout > 0.0);  // held-out loss evaluated at the last step
        QVERIFY(result.err.contains("held-out loss"));

        writeFile(corpus.dir.filePath("query.txt"), "The cat sat on the mat.");
        const CliResult eval = runCli({"eval", "--model", out + "/model", "--text-file", corpus.dir.filePath("query.txt"),
                                       "--device", "cpu"});
        QVERIFY2(eval.exitCode == 0, eval.err.constData());
        const double bpb = QJsonDocument::fromJson(eval.out).object()["bpb"].toDouble();
        QVERIFY2(bpb > 0.0 && bpb < 8.0, eval.out.constData());  // below a uniform byte model's 8 bits
    }

    // kill -9 at some point after the first checkpoint (possibly while a later one is being
    // written), rerun: the run resumes and ends with exactly the uninterrupted run's weights.
    // The other rows move the checkpoint to where a kill between writePretrainCheckpoint's
    // renames leaves it (only DIR.old, or only a complete DIR.new).
    void killed_run_resumes_to_the_weights_of_an_uninterrupted_run_data() {
        QTest::addColumn<QString>("moveTo");
        QTest::newRow("as killed") << QString();
        QTest::newRow("killed between the renames: only checkpoint.old") << QStringLiteral(".old");
        QTest::newRow("killed after staging: only checkpoint.new") << QStringLiteral(".new");
    }
    void killed_run_resumes_to_the_weights_of_an_uninterrupted_run() {
        QFETCH(QString, moveTo);
        const Corpus corpus;
        const QString reference = corpus.dir.filePath("reference");
        QCOMPARE(runCli(corpus.arguments(reference)).exitCode, 0);

        const QString killed = corpus.dir.filePath("killed");
        QProcess process;
        startUntilFirstCheckpoint(process, corpus, killed);
        QVERIFY2(process.state() == QProcess::Running, "the run ended before it could be killed");
        process.kill();  // SIGKILL: no chance to write anything more
        process.waitForFinished();
        if (!moveTo.isEmpty()) {
            QDir(killed + "/checkpoint" + moveTo).removeRecursively();
            if (!QFile::exists(killed + "/checkpoint/state.json")) QSKIP("killed while the checkpoint was being swapped");
            QVERIFY(QDir().rename(killed + "/checkpoint", killed + "/checkpoint" + moveTo));
        }

        const CliResult resumed = runCli(corpus.arguments(killed));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY2(resumed.err.contains("resuming from step"), resumed.err.constData());
        const QByteArray expected = readFile(reference + "/model/model.safetensors");
        QVERIFY(!expected.isEmpty());
        QVERIFY(readFile(killed + "/model/model.safetensors") == expected);
        QVERIFY(!QDir(killed + "/checkpoint.old").exists() && !QDir(killed + "/checkpoint.new").exists());
    }

    // Ctrl-C checkpoints at the current step; a later run picks up there.
    void interrupted_run_checkpoints_and_resumes() {
        const Corpus corpus;
        const QString out = corpus.dir.filePath("interrupted");
        QProcess process;
        startUntilFirstCheckpoint(process, corpus, out);
        process.terminate();  // SIGTERM, handled like Ctrl-C
        process.waitForFinished();
        if (process.exitCode() == 0) QSKIP("the run finished before the signal arrived");
        QVERIFY(QFile::exists(out + "/checkpoint/optimizer.safetensors"));
        const QJsonObject state = QJsonDocument::fromJson(readFile(out + "/checkpoint/state.json")).object();
        QVERIFY(state["step"].toInt() >= 10 && state["step"].toInt() < 40);
        QCOMPARE(state["optimizer_steps"].toInt(), state["step"].toInt());

        const CliResult resumed = runCli(corpus.arguments(out));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY(resumed.err.contains(QStringLiteral("resuming from step %1").arg(state["step"].toInt()).toUtf8()));
        QCOMPARE(lossRows(out + "/loss.csv").last().step, 40);
    }

    // A resumed run whose saved state was damaged is refused, naming what is wrong where.
    void corrupt_resume_file_is_refused_naming_it_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("problem");
        QTest::newRow("optimizer state") << "checkpoint/optimizer.safetensors" << QByteArray("not a safetensors file")
                                         << "checkpoint/optimizer.safetensors: ";
        QTest::newRow("loss curve") << "loss.csv"
                                    << QByteArray("step,learning_rate,train_loss,heldout_loss,seconds\n10,fast,5.1,,1.0\n")
                                    << "loss.csv: line 2: 'fast' is not a number";
    }
    void corrupt_resume_file_is_refused_naming_it() {
        QFETCH(QString, file);
        QFETCH(QByteArray, contents);
        QFETCH(QString, problem);
        const Corpus corpus;
        const QString out = corpus.dir.filePath("corrupt");
        killAfterFirstCheckpoint(corpus, out);
        QVERIFY(QFile::exists(out + "/checkpoint/state.json"));
        writeFile(out + "/" + file, contents);

        const CliResult result = runCli(corpus.arguments(out));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains((out + "/" + problem).toUtf8()), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(PretrainCliTest)
#include "pretrain_cli_test.moc"
