// `hullft bench` on a real Slurm: a one-node cluster started by the test (munged, slurmctld,
// slurmd; no systemd), resources/slurm/submit-bench.sh submitting a 3-task array of a tiny bench
// and the merge job that depends on it. The merged results must equal an unsharded run's, every
// BPB and step count to the last written digit, and so must the summary's numbers.
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "bench_fixtures.h"
#include "cli_runner.h"
#include "single_node_slurm.h"

using namespace bench_fixtures;

class BenchSlurmTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString store_, corpus_;

    QStringList benchOptions() const {
        return {"--store", store_, "--corpus", corpus_, "--methods", "base,knn,hullft", "--n", "1,2", "--queries-per-domain", "1",
                "--k", "40"};
    }

private slots:
    void initTestCase() {
        const QStringList missing = SingleNodeSlurm::missingPrograms();
        if (!missing.isEmpty())
            QSKIP(qPrintable("needs Debian's slurm-wlm and munge (missing: " + missing.join(", ") + "); .ci/setup.sh installs them"));
        QVERIFY(dir_.isValid());
        corpus_ = dir_.filePath("corpus");
        store_fixtures::writeCorpus(corpus_, 12, 600);
        std::vector<std::string> queryIds;
        writeTestSplit(corpus_, queryIds);
        store_ = dir_.filePath("store");
        const CliResult built = runCli({"store", "build", "--store", store_, "--corpus", corpus_, "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());
    }

    void job_array_and_merge_job_equal_an_unsharded_run() {
        const QString plain = dir_.filePath("plain");
        const CliResult unsharded = runCli(QStringList{"bench", "--out", plain} + benchOptions());
        QVERIFY2(unsharded.exitCode == 0, unsharded.err.constData());

        SingleNodeSlurm slurm(dir_.filePath("slurm"));
        const QString problem = slurm.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString out = dir_.filePath("swept");
        QProcess submit;
        QProcessEnvironment environment = slurm.environment();
        environment.insert("HULLFT", QStringLiteral(HULLFT_CLI_PATH));
        submit.setProcessEnvironment(environment);
        submit.start("bash", QStringList{QStringLiteral(HULLFT_SOURCE_DIR) + "/resources/slurm/submit-bench.sh", "3", out} + benchOptions());
        QVERIFY(submit.waitForFinished(60000));
        const QString said = QString::fromUtf8(submit.readAllStandardOutput() + submit.readAllStandardError());
        QVERIFY2(submit.exitCode() == 0, qPrintable(said));
        const QRegularExpressionMatch jobs = QRegularExpression("array job (\\d+) \\(3 shards\\), merge job (\\d+)").match(said);
        QVERIFY2(jobs.hasMatch(), qPrintable(said));

        QElapsedTimer waited;
        waited.start();
        while ((slurm.queued(jobs.captured(1)) || slurm.queued(jobs.captured(2))) && waited.elapsed() < 300000) QTest::qWait(500);
        const QString logs = out + "/slurm-logs/";
        const auto logTail = [&](const QString& name) { return QString::fromStdString(readText(logs + name)).right(600); };
        QVERIFY2(QFile::exists(out + "/results.csv"), qPrintable("no merged results; merge log: " + logTail("merge.log") +
                                                                 "\nshard 1 log: " + logTail("shard-1.log") + "\n" + slurm.logTails()));
        for (int i = 1; i <= 3; ++i) {
            const QString shard = out + QString("/shard-%1-of-3").arg(i);
            QVERIFY2(csvRows(shard + "/results.csv").size() >= 4, qPrintable(shard));
            const QString log = QString("shard-%1.log").arg(i);
            QVERIFY2(readText(logs + log).find("shard " + std::to_string(i) + "/3 done") != std::string::npos, qPrintable(logTail(log)));
        }
        QVERIFY2(readText(logs + "merge.log").find("3 shards, 10 runs") != std::string::npos, qPrintable(logTail("merge.log")));
        const std::string difference = firstDifference(rowsWithoutTimings(out + "/results.csv"), rowsWithoutTimings(plain + "/results.csv"));
        QVERIFY2(difference.empty(), difference.c_str());
        const auto cells = [](const QString& folder) { return nlohmann::json::parse(readText(folder + "/summary.json")).at("cells"); };
        QCOMPARE(cells(out).dump(), cells(plain).dump());
    }
};

QTEST_GUILESS_MAIN(BenchSlurmTest)
#include "bench_slurm_test.moc"
