// The workbench on the real pipeline: the embedded default model, a tiny LM-embedded store built
// by the real CLI (as tests/pipeline does), sessions in a temporary folder. A real HullFT query
// with a small N fills every view; Compare methods fills the comparison; Cancel stops a real run
// mid-finetuning and leaves the base weights as they were; the session a run recorded replays
// (File > Recent sessions, the File > Open path) to the same rows and points; a LoRA run on the
// model's c_attn layers saves its adapter in PEFT's layout; a signing key chosen in the File menu
// signs the next run's session. Saves screenshots.
#include <qcustomplot.h>

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>
#include <fstream>
#include <numeric>
#include <tuple>

#include "chain_signature.h"
#include "cli_runner.h"
#include "common/ed25519_key.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "pipeline_backend.h"
#include "session_reader.h"
#include "session_replay.h"
#include "store_fixtures.h"

using hullft::ui::MainWindow;

namespace {

constexpr int kN = 4;
constexpr int kK = 40;

// What the views show, compared between a live run and its replay.
struct ViewSnapshot {
    QStringList support_rows;
    QVector<double> weights, counts, fw_residuals, candidate_x, loss;
    QStringList labels;  // cache numbers, BPBs
    QString base_continuation, adapted_continuation;

    bool operator==(const ViewSnapshot& other) const {
        return std::tie(support_rows, weights, counts, fw_residuals, candidate_x, loss, labels,
                        base_continuation, adapted_continuation) ==
               std::tie(other.support_rows, other.weights, other.counts, other.fw_residuals,
                        other.candidate_x, other.loss, other.labels, other.base_continuation,
                        other.adapted_continuation);
    }
};

// One held-out document per domain, as `hullft corpus build` writes test.jsonl.
std::string heldOutJsonl() {
    std::string lines;
    for (const auto& [domain, seed] : {std::pair{"alpha", 101}, std::pair{"beta", 102}}) {
        hullft::Document d;
        d.domain = domain;
        d.package = "pkg-" + d.domain;
        d.package_version = "1.0";
        d.path = "/usr/share/" + d.domain + "/held-out";
        d.licence = "CC0";
        d.id = hullft::documentId(d.package, d.path, d.part);
        d.text = store_fixtures::documentText(seed, 300);
        d.sha256 = hullft::sha256Hex(d.text);
        lines += hullft::documentToJsonLine(d);
    }
    return lines;
}

QVector<double> values(QCPAbstractPlottable* plottable) {
    QVector<double> out;
    QCPPlottableInterface1D* data = plottable->interface1D();
    for (int i = 0; i < data->dataCount(); ++i) out << data->dataMainValue(i);
    return out;
}

QVector<double> keys(QCPAbstractPlottable* plottable) {
    QVector<double> out;
    QCPPlottableInterface1D* data = plottable->interface1D();
    for (int i = 0; i < data->dataCount(); ++i) out << data->dataMainKey(i);
    return out;
}

}  // namespace

class GuiPipelineQueryTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<hullft::ui::PipelineBackend> backend_;
    std::unique_ptr<MainWindow> window_;
    ViewSnapshot finished_run_;
    QString recorded_session_;

    template <typename T>
    T* child(const char* name) const {
        T* found = window_->findChild<T*>(QString::fromLatin1(name));
        if (!found) qFatal("no child %s", name);
        return found;
    }
    QString text(const char* label) const { return child<QLabel>(label)->text(); }
    QCustomPlot* plot(const char* name) const { return child<QCustomPlot>(name); }

    void setSettings(const QString& method, int n) {
        child<QComboBox>("methodCombo")->setCurrentText(method);
        child<QSpinBox>("nSpin")->setValue(n);
        child<QSpinBox>("kSpin")->setValue(kK);
        child<QSpinBox>("generateSpin")->setValue(8);
    }

    void waitUntilIdle() {
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isRunning(), 60000);
        QCoreApplication::processEvents();  // queued events posted before the job ended
    }

    void saveScreenshot(const QString& name) {
        QVERIFY(window_->grab().save(hullft::testing::screenshotDir() + "/" + name + ".png"));
    }

    ViewSnapshot snapshot() const {
        ViewSnapshot s;
        const QAbstractItemModel* support = child<QTableView>("supportTable")->model();
        for (int row = 0; row < support->rowCount(); ++row) {
            QStringList cells;
            for (int column = 0; column < support->columnCount(); ++column)
                cells << support->index(row, column).data().toString();
            s.support_rows << cells.join(QLatin1Char('|'));
        }
        s.weights = values(plot("weightsPlot")->plottable(0));
        s.counts = values(plot("countsPlot")->plottable(0));
        s.fw_residuals = values(plot("fwPlot")->graph(0));
        s.candidate_x = keys(plot("embeddingPlot")->graph(0));
        s.loss = values(plot("lossPlot")->graph(0)) + values(plot("lossPlot")->graph(1));
        for (const char* label :
             {"cacheHitsLabel", "cacheMissesLabel", "cacheHitRateLabel", "cachePassesSavedLabel",
              "cacheMemoryLabel", "baseBpbLabel", "adaptedBpbLabel", "differenceBpbLabel", "bpbRuleLabel"})
            s.labels << text(label);
        s.base_continuation = child<QTextBrowser>("baseContinuation")->toPlainText();
        s.adapted_continuation = child<QTextBrowser>("adaptedContinuation")->toPlainText();
        return s;
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("HullFT-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("gui_pipeline_query_test"));
        QSettings().clear();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        hullft::testing::dropOffscreenNoise();
        QVERIFY(dir_.isValid());
        const QString corpus = dir_.filePath("corpus");
        store_fixtures::writeCorpus(corpus, 12, 600);
        // Two held-out documents to pick from (the store reads only train.jsonl).
        std::ofstream(dir_.filePath("corpus/test.jsonl").toStdString(), std::ios::trunc) << heldOutJsonl();
        const QString store = dir_.filePath("store");
        const CliResult built =
            runCli({"store", "build", "--store", store, "--corpus", corpus, "--max-tokens", "64"});
        QVERIFY2(built.exitCode == 0, built.err.constData());

        hullft::PipelineSources sources;
        sources.model_directory = HULLFT_SOURCE_DIR "/resources/models/default";
        sources.store_directory = store.toStdString();
        backend_ = std::make_unique<hullft::ui::PipelineBackend>(sources, corpus, dir_.filePath("sessions"));
        window_ = std::make_unique<MainWindow>();
        window_->setSessionOpener(hullft::ui::sessionReplayJob);
        window_->setReportExporter(hullft::ui::exportSessionReport);
        // The model and the store load on a worker thread; the window stays responsive and shows it.
        QString loadError = QStringLiteral("(not done)");
        backend_->loadInto(*window_, [&loadError](const QString& error) { loadError = error; });
        QVERIFY(text("runStateLabel").startsWith(QStringLiteral("Loading")));
        QVERIFY(!child<QPushButton>("runButton")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(loadError, QString(), 60000);
        QVERIFY(backend_->isLoaded());
        QCOMPARE(text("runStateLabel"), QStringLiteral("Ready"));
        QVERIFY(child<QPushButton>("runButton")->isEnabled());
        window_->show();
        window_->resize(1280, 800);
    }

    void cleanupTestCase() {
        window_.reset();
        backend_.reset();
    }

    void real_query_fills_every_view() {
        QVERIFY(text("datastoreLabel").contains(QStringLiteral("sequences")));
        auto* domains = child<QComboBox>("domainCombo");
        QCOMPARE(domains->count(), 2);
        domains->setCurrentText(QStringLiteral("alpha"));
        auto* documents = child<QComboBox>("documentCombo");
        QCOMPARE(documents->count(), 1);
        documents->setCurrentIndex(0);
        emit documents->activated(0);
        QVERIFY(child<QPlainTextEdit>("queryEdit")->toPlainText().size() > 100);
        setSettings(QStringLiteral("hullft"), kN);

        auto* run = child<QPushButton>("runButton");
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(window_->isRunning());
        QCOMPARE(run->text(), QStringLiteral("Cancel"));
        waitUntilIdle();
        QCOMPARE(text("runStateLabel"), QStringLiteral("Finished"));
        QCOMPARE(run->text(), QStringLiteral("Run"));

        const QAbstractItemModel* support = child<QTableView>("supportTable")->model();
        const int supportSize = support->rowCount();
        QVERIFY(supportSize >= 1 && supportSize <= kN);
        int counted = 0;
        for (int row = 0; row < supportSize; ++row) counted += support->index(row, 5).data().toInt();
        QCOMPARE(counted, kN);
        QVERIFY(support->index(0, 2).data().toString().startsWith(QStringLiteral("pkg-")));
        child<QTableView>("supportTable")->selectRow(0);
        QVERIFY(child<QPlainTextEdit>("supportText")->toPlainText().size() > 20);

        QCOMPARE(values(plot("weightsPlot")->plottable(0)).size(), supportSize);
        const QVector<double> counts = values(plot("countsPlot")->plottable(0));
        QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0.0), double(kN));
        QCOMPARE(plot("countsPlot")->graph(0)->dataCount(), supportSize);  // N x weight markers
        QVERIFY(plot("fwPlot")->graph(0)->dataCount() >= 1);

        QCustomPlot* embedding = plot("embeddingPlot");
        QCOMPARE(embedding->graph(0)->dataCount(), kK);
        int supportPoints = 0;
        for (int g = 1; g < embedding->graphCount() - 2; ++g)
            supportPoints += embedding->graph(g)->dataCount();
        QCOMPARE(supportPoints, supportSize);
        QCOMPARE(embedding->graph(embedding->graphCount() - 1)->dataCount(), 1);  // the query

        QCOMPARE(plot("lossPlot")->graph(0)->dataCount() + plot("lossPlot")->graph(1)->dataCount(), kN);
        QCOMPARE(text("cacheHitsLabel").toInt() + text("cacheMissesLabel").toInt(), kN);
        QVERIFY(text("cacheMemoryLabel") != QStringLiteral("–"));
        QVERIFY(text("cacheTimeSavedLabel").endsWith(QStringLiteral(" s")));

        QVERIFY(text("baseBpbLabel").contains(QStringLiteral("bits/byte")));
        QVERIFY(text("adaptedBpbLabel").contains(QStringLiteral("bits/byte")));
        QCOMPARE(text("bpbRuleLabel"), QStringLiteral("BPB rule: full"));
        QVERIFY(
            child<QTextBrowser>("differenceLossText")->toHtml().contains(QStringLiteral("background-color")));
        QVERIFY(!child<QTextBrowser>("adaptedContinuation")->toPlainText().isEmpty());

        QCOMPARE(child<QTableView>("comparisonTable")->model()->rowCount(), 1);
        QVERIFY(child<QTableView>("auditTable")->model()->rowCount() > 20);

        // The run was recorded: it is the session shown, exported, and listed under Recent sessions.
        recorded_session_ = window_->shownSession();
        QVERIFY(recorded_session_.startsWith(dir_.filePath("sessions")));
        QVERIFY(QFileInfo::exists(recorded_session_));
        QCOMPARE(window_->recentSessions().value(0), recorded_session_);
        const QString report = dir_.filePath("report.html");
        window_->exportReport(report);
        QFile html(report);
        QVERIFY(html.open(QIODevice::ReadOnly));
        // The report is of the session just recorded.
        QVERIFY(html.readAll().contains(
            ("<h1>HullFT session</h1><p class=\"hash\">" + recorded_session_).toUtf8()));
        // A report written over its own session is refused, and the session stays as it was.
        QFile session(recorded_session_);
        QVERIFY(session.open(QIODevice::ReadOnly));
        const QByteArray sessionBytes = session.readAll();
        session.close();
        window_->exportReport(recorded_session_);
        QVERIFY(window_->statusBar()->currentMessage().contains(QStringLiteral("is the session being exported")));
        QVERIFY(session.open(QIODevice::ReadOnly));
        QCOMPARE(session.readAll(), sessionBytes);

        finished_run_ = snapshot();
        for (const char* dock : {"outputDock", "comparisonDock", "auditDock"}) {
            child<QDockWidget>(dock)->raise();
            QCoreApplication::processEvents();
            saveScreenshot(QStringLiteral("real_query_%1").arg(QLatin1String(dock)));
        }
        child<QDockWidget>("outputDock")->raise();
    }

    void recorded_session_replays_to_the_same_views() {
        // Other views first, so the replay has to refill them.
        setSettings(QStringLiteral("knn"), kN);
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        waitUntilIdle();
        QVERIFY(!(snapshot() == finished_run_));

        auto* recent = child<QMenu>("recentSessionsMenu");
        QCOMPARE(recent->actions().value(1)->toolTip(), recorded_session_);  // the knn run is first
        recent->actions().value(1)->trigger();
        QVERIFY(window_->isRunning());
        waitUntilIdle();
        QCOMPARE(window_->shownSession(), recorded_session_);
        const ViewSnapshot replayed = snapshot();
        QCOMPARE(replayed.support_rows, finished_run_.support_rows);
        QCOMPARE(replayed.weights, finished_run_.weights);
        QCOMPARE(replayed.counts, finished_run_.counts);
        QCOMPARE(replayed.fw_residuals, finished_run_.fw_residuals);
        QCOMPARE(replayed.candidate_x, finished_run_.candidate_x);
        QCOMPARE(replayed.loss, finished_run_.loss);
        QCOMPARE(replayed.labels, finished_run_.labels);
        QCOMPARE(replayed.base_continuation, finished_run_.base_continuation);
        QCOMPARE(replayed.adapted_continuation, finished_run_.adapted_continuation);
        saveScreenshot(QStringLiteral("replayed_session"));
    }

    void compare_methods_runs_base_knn_sift_and_hullft() {
        setSettings(QStringLiteral("hullft"), kN);
        QTest::mouseClick(child<QPushButton>("compareButton"), Qt::LeftButton);
        auto* table = child<QTableView>("comparisonTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 4, 60000);
        waitUntilIdle();
        QStringList methods;
        for (int row = 0; row < 4; ++row) {
            methods << table->model()->index(row, 0).data().toString();
            QVERIFY(table->model()->index(row, 1).data().toDouble() > 0.0);
        }
        // Methods already run on this query keep their row; each of the four is there once.
        methods.sort();
        QCOMPARE(methods, QStringList({"base", "hullft", "knn", "sift"}));
        child<QDockWidget>("comparisonDock")->raise();
        QCoreApplication::processEvents();
        saveScreenshot(QStringLiteral("compare_methods"));
        child<QDockWidget>("outputDock")->raise();
    }

    // The query is within the model's context, so the reference rule gives the same number.
    void bpb_rule_chosen_in_the_query_panel_is_shown_beside_the_bpb() {
        setSettings(QStringLiteral("base"), kN);
        auto* rule = child<QComboBox>("bpbRuleCombo");
        QCOMPARE(rule->currentText(), QStringLiteral("full"));
        rule->setCurrentText(QStringLiteral("reference"));
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        waitUntilIdle();
        QCOMPARE(text("runStateLabel"), QStringLiteral("Finished"));
        QCOMPARE(text("bpbRuleLabel"), QStringLiteral("BPB rule: reference"));
        QCOMPARE(text("baseBpbLabel"), finished_run_.labels.value(5));
        rule->setCurrentText(QStringLiteral("full"));
    }

    // File > Sign sessions with a key…: the next run's session is signed at close by that key; a
    // file that is no private key is refused with its name, and the setting stays as it was.
    void a_signing_key_chosen_in_the_file_menu_signs_the_recorded_session() {
        const QString key = dir_.filePath("workbench.key");
        hullft::generateEd25519KeyPair(key.toStdString(), (key + ".pub").toStdString());
        QVERIFY(!window_->useSigningKey(key + ".pub"));
        QVERIFY2(window_->statusBar()->currentMessage().contains(key + ".pub"),
                 qPrintable(window_->statusBar()->currentMessage()));
        QVERIFY(window_->useSigningKey(key));
        QCOMPARE(QSettings().value("sessions/signingKey").toString(), key);

        setSettings(QStringLiteral("base"), kN);
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        waitUntilIdle();
        QCOMPARE(text("runStateLabel"), QStringLiteral("Finished"));
        const hullft::sessions::SessionReader reader(window_->shownSession().toStdString());
        const hullft::sessions::VerifyResult chain = reader.verify();
        QVERIFY2(chain.ok(), chain.message.c_str());
        const hullft::sessions::SignatureCheck check = hullft::sessions::checkChainSignature(
            reader.chainSignature(), chain, hullft::Ed25519PublicKey::load((key + ".pub").toStdString()));
        QVERIFY2(check.ok(), check.message.c_str());

        QVERIFY(window_->useSigningKey(QString()));
        QVERIFY(!QSettings().contains("sessions/signingKey"));
    }

    void cancel_stops_a_real_query_and_restores_the_base() {
        const QString baseBpb = finished_run_.labels.value(5);
        // Hold the worker at the first finetune step, so Cancel lands mid-finetuning.
        auto gate = std::make_shared<hullft::testing::Gate>("finetune step");
        MainWindow::QueryJobFactory real = backend_->jobFactory();
        window_->setQueryJobFactory([real, gate](const hullft::ui::QueryRequest& request) {
            MainWindow::QueryRun run = real(request);
            return MainWindow::QueryRun(hullft::testing::gatedJob(std::move(run.job), gate),
                                        run.session_path);
        });
        setSettings(QStringLiteral("hullft"), 12);
        auto* run = child<QPushButton>("runButton");
        QTest::mouseClick(run, Qt::LeftButton);
        QCustomPlot* loss = plot("lossPlot");
        QTRY_VERIFY_WITH_TIMEOUT(loss->graph(0)->dataCount() == 1, 60000);
        QCOMPARE(run->text(), QStringLiteral("Cancel"));
        QTest::mouseClick(run, Qt::LeftButton);
        gate->release();
        waitUntilIdle();
        QVERIFY(text("runStateLabel").startsWith(QStringLiteral("Cancelled")));
        QVERIFY(loss->graph(0)->dataCount() + loss->graph(1)->dataCount() < 12);
        const QAbstractItemModel* audit = child<QTableView>("auditTable")->model();
        QVERIFY(
            audit->index(audit->rowCount() - 1, 4).data().toString().startsWith(QStringLiteral("cancelled")));
        saveScreenshot(QStringLiteral("cancelled_query"));

        // Still usable, and the base weights are back: the base scores the query as before.
        backend_->attachTo(*window_);
        setSettings(QStringLiteral("base"), kN);
        QTest::mouseClick(run, Qt::LeftButton);
        waitUntilIdle();
        QCOMPARE(text("runStateLabel"), QStringLiteral("Finished"));
        QCOMPARE(text("baseBpbLabel"), baseBpb);
    }

    void lora_query_saves_its_adapter() {
        // The default model is GPT-2: its attention input projection is the default target.
        auto* targets = child<QLineEdit>("loraTargetsEdit");
        QCOMPARE(targets->text(), QStringLiteral("c_attn"));
        setSettings(QStringLiteral("hullft"), kN);
        child<QComboBox>("adaptCombo")->setCurrentText(QStringLiteral("LoRA"));
        const QString adapter = dir_.filePath("adapter");
        child<QLineEdit>("adapterFolderEdit")->setText(adapter);
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        waitUntilIdle();
        QCOMPARE(text("runStateLabel"), QStringLiteral("Finished: adapter saved to %1").arg(adapter));
        QVERIFY(QFileInfo::exists(adapter + "/adapter_config.json"));
        QVERIFY(QFileInfo::exists(adapter + "/adapter_model.safetensors"));

        // The audit log shows which parameters moved: the adapters on c_attn.
        const QAbstractItemModel* audit = child<QTableView>("auditTable")->model();
        QString adaptation;
        for (int row = 0; row < audit->rowCount(); ++row) {
            if (audit->index(row, 2).data().toString() == QStringLiteral("adaptation"))
                adaptation = audit->index(row, 4).data().toString();
        }
        QVERIFY2(adaptation.contains(QStringLiteral("lora")) && adaptation.contains(QStringLiteral("c_attn")),
                 qPrintable(adaptation));

        // A second run to the same folder is refused: the saved adapter is never replaced.
        QTest::mouseClick(child<QPushButton>("runButton"), Qt::LeftButton);
        QVERIFY(!window_->isRunning());
        child<QMessageBox>("adapterFolderMessage")->close();
        child<QLineEdit>("adapterFolderEdit")->clear();
        child<QComboBox>("adaptCombo")->setCurrentText(QStringLiteral("Full weights"));
    }

    void dark_palette_screenshot() {
        const QPalette light = QApplication::palette();
        QApplication::setPalette(hullft::testing::darkPalette());
        QCoreApplication::processEvents();
        saveScreenshot(QStringLiteral("real_query_dark"));
        const QImage plotImage = plot("fwPlot")->grab().toImage();
        QVERIFY(plotImage.pixelColor(2, 2).lightness() < 128);
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(GuiPipelineQueryTest)
#include "gui_pipeline_query_test.moc"
