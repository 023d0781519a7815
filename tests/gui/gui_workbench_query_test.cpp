// Drives the real MainWindow through QueryWorker with a scripted pipeline job (tests/gui/
// scripted_query.h) and checks that every view receives the events, that Run becomes Cancel and
// back, that Cancel stops the job, and that the GUI thread keeps running; saves screenshots.
#include <qcustomplot.h>

#include <QAbstractItemModel>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QAbstractSpinBox>
#include <QLineEdit>
#include <QTabBar>
#include <QProgressBar>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStyleFactory>
#include <QTableView>
#include <QTextBrowser>
#include <QtTest>

#include "audit_log_view.h"
#include "main_window.h"
#include "gui_test_support.h"
#include "query_panel.h"
#include "scripted_query.h"
#include "session_reader.h"
#include "session_replay.h"

using hullft::testing::ScriptedQuery;
using hullft::testing::ScriptOptions;
using hullft::testing::darkPalette;
using hullft::testing::screenshotDir;
using hullft::ui::MainWindow;

namespace {

ScriptOptions optionsFor(const hullft::ui::QueryRequest& request, ScriptOptions base) {
    base.method = request.method.toStdString();
    base.text = request.text.toStdString();
    base.n = request.n;
    base.k = request.k;
    base.refresh_interval = request.refresh_interval;
    return base;
}

}  // namespace

class GuiWorkbenchQueryTest : public QObject {
    Q_OBJECT

private:
    // A window whose Run plays the scripted query with `script` settings (method, text and
    // sizes come from the query panel, as a real pipeline job would take them).
    std::unique_ptr<MainWindow> makeWindow(ScriptOptions script = {}) {
        auto window = std::make_unique<MainWindow>();
        window->setQueryJobFactory([script](const hullft::ui::QueryRequest& request) {
            return ScriptedQuery(optionsFor(request, script)).job();
        });
        window->setSequenceLookup([](int64_t id) -> std::optional<hullft::ui::SequenceInfo> {
            return hullft::ui::SequenceInfo{QStringLiteral("Wikipedia (en)"),
                                            QStringLiteral("enwiki-%1.jsonl:%2").arg(id % 5).arg(id),
                                            QStringLiteral("Full text of training sequence %1 …").arg(id)};
        });
        window->setModelDescription(
            QStringLiteral("hullft-default (GPT-2 architecture, 6 layers, byte-level)"),
            QStringLiteral("default corpus: 12 domains, 48 211 sequences"));
        window->setTestDocuments({{"t1", "Wikipedia (en)", "Convex hulls",
                                   QString::fromStdString(hullft::testing::defaultQueryText())},
                                  {"t2", "Github", "A CMake file", "cmake_minimum_required(VERSION 3.21)"}});
        window->findChild<QPlainTextEdit*>("queryEdit")
            ->setPlainText(QString::fromStdString(hullft::testing::defaultQueryText()));
        window->show();
        window->resize(1280, 800);
        return window;
    }

    template <typename T>
    static T* child(QWidget& window, const char* name) {
        T* found = window.findChild<T*>(QString::fromLatin1(name));
        if (!found) qFatal("no child %s", name);
        return found;
    }

    static int dataCount(QCPAbstractPlottable* plottable) { return plottable->interface1D()->dataCount(); }

    static void waitUntilIdle(MainWindow& window) {
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 30000);
        QCoreApplication::processEvents();  // queued events posted before the job ended
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("HullFT-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("gui_workbench_query_test"));
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        hullft::testing::dropOffscreenNoise();
    }

    void init() { QSettings().clear(); }

    void scripted_query_fills_every_view() {
        auto window = makeWindow();
        const ScriptedQuery expected(ScriptOptions{});  // the panel's defaults: hullft, N 20, K 200, r 2
        auto* run = child<QPushButton>(*window, "runButton");
        QCOMPARE(run->text(), QStringLiteral("Run"));

        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
        ticker.start(10);
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(window->isRunning());
        QCOMPARE(run->text(), QStringLiteral("Cancel"));
        QVERIFY(!child<QPushButton>(*window, "compareButton")->isEnabled());
        waitUntilIdle(*window);
        const int ticks_while_running = ticks;

        QCOMPARE(run->text(), QStringLiteral("Run"));
        QCOMPARE(child<QLabel>(*window, "runStateLabel")->text(), QStringLiteral("Finished"));
        // The GUI thread kept processing timer events while the job ran on the worker thread.
        QVERIFY2(ticks_while_running >= 3, qPrintable(QString::number(ticks_while_running)));

        auto* support = child<QTableView>(*window, "supportTable");
        QCOMPARE(support->model()->rowCount(), expected.supportSize());
        QCOMPARE(support->model()->headerData(4, Qt::Horizontal).toString(), QStringLiteral("FW weight"));
        support->selectRow(0);
        QVERIFY(child<QPlainTextEdit>(*window, "supportText")
                    ->toPlainText()
                    .contains("Full text of training sequence"));

        QCOMPARE(dataCount(child<QCustomPlot>(*window, "weightsPlot")->plottable(0)), expected.supportSize());
        auto* counts = child<QCustomPlot>(*window, "countsPlot");
        QCOMPARE(dataCount(counts->plottable(0)), expected.supportSize());
        QCOMPARE(counts->graph(0)->dataCount(), expected.supportSize());
        QCOMPARE(child<QCustomPlot>(*window, "fwPlot")->graph(0)->dataCount(), expected.fwIterations());

        auto* embedding = child<QCustomPlot>(*window, "embeddingPlot");
        QCOMPARE(embedding->graph(0)->dataCount(), expected.candidateCount());
        int support_points = 0;
        for (int g = 1; g < embedding->graphCount() - 2; ++g)
            support_points += embedding->graph(g)->dataCount();
        QCOMPARE(support_points, expected.supportSize());
        // The scripted support lies on a ring: every point is a hull vertex, plus the closing one.
        QCOMPARE(dataCount(embedding->plottable(0)), expected.supportSize() + 1);

        auto* loss = child<QCustomPlot>(*window, "lossPlot");
        QCOMPARE(loss->graph(0)->dataCount(), expected.computedSteps());
        QCOMPARE(loss->graph(1)->dataCount(), expected.reusedSteps());
        QVERIFY(expected.reusedSteps() > 0);
        QCOMPARE(loss->itemCount(), 0);

        QCOMPARE(child<QLabel>(*window, "cacheHitsLabel")->text(), QString::number(expected.reusedSteps()));
        QCOMPARE(child<QLabel>(*window, "cacheMissesLabel")->text(),
                 QString::number(expected.computedSteps()));
        QVERIFY(child<QLabel>(*window, "cacheMemoryLabel")->text().contains("MiB"));

        QVERIFY(child<QLabel>(*window, "baseBpbLabel")->text().contains("bits/byte"));
        QCOMPARE(child<QLabel>(*window, "bpbRuleLabel")->text(), QStringLiteral("BPB rule: full"));
        QVERIFY(child<QTextBrowser>(*window, "differenceLossText")->toHtml().contains("background-color"));
        QVERIFY(child<QTextBrowser>(*window, "adaptedContinuation")->toPlainText().contains("neighbourhood"));

        QCOMPARE(child<QTableView>(*window, "comparisonTable")->model()->rowCount(), 1);
        QCOMPARE(child<QTableView>(*window, "auditTable")->model()->rowCount(), expected.eventCount());
        QCOMPARE(window->findChild<hullft::ui::AuditLogView*>()->entryCount(), expected.eventCount());
    }

    void circuit_breaker_is_marked_and_the_adapted_answer_rejected() {
        ScriptOptions options;
        options.circuit_breaker_step = 9;
        auto window = makeWindow(options);
        QTest::mouseClick(child<QPushButton>(*window, "runButton"), Qt::LeftButton);
        waitUntilIdle(*window);
        options.text = hullft::testing::defaultQueryText();
        const ScriptedQuery expected(options);

        auto* loss = child<QCustomPlot>(*window, "lossPlot");
        QCOMPARE(loss->graph(0)->dataCount() + loss->graph(1)->dataCount(), 9);
        QStringList items;
        for (int i = 0; i < loss->itemCount(); ++i) items << loss->item(i)->objectName();
        QVERIFY(items.contains("circuitBreakerLine"));
        QVERIFY(child<QLabel>(*window, "lossSummary")->text().contains("Circuit breaker at step 9"));
        QVERIFY(child<QLabel>(*window, "adaptedBpbLabel")->text().contains("rejected"));

        auto* kinds = child<QComboBox>(*window, "auditKindCombo");
        kinds->setCurrentIndex(kinds->findText("circuit breaker"));
        QCOMPARE(child<QTableView>(*window, "auditTable")->model()->rowCount(), 1);
        kinds->setCurrentIndex(0);
        QCOMPARE(child<QTableView>(*window, "auditTable")->model()->rowCount(), expected.eventCount());
    }

    void cancel_stops_the_job_and_shows_the_cancelled_state() {
        ScriptOptions options;
        options.event_delay_ms = 25;
        auto window = makeWindow(options);
        options.text = hullft::testing::defaultQueryText();
        const ScriptedQuery full(options);
        auto* run = child<QPushButton>(*window, "runButton");
        QTest::mouseClick(run, Qt::LeftButton);
        auto* loss = child<QCustomPlot>(*window, "lossPlot");
        QTRY_VERIFY_WITH_TIMEOUT(loss->graph(0)->dataCount() >= 2, 20000);
        QCOMPARE(run->text(), QStringLiteral("Cancel"));
        QTest::mouseClick(run, Qt::LeftButton);
        waitUntilIdle(*window);

        QCOMPARE(run->text(), QStringLiteral("Run"));
        QVERIFY(child<QLabel>(*window, "runStateLabel")->text().startsWith("Cancelled"));
        QVERIFY(loss->graph(0)->dataCount() < full.computedSteps());
        auto* audit = child<QTableView>(*window, "auditTable")->model();
        QVERIFY(audit->rowCount() < full.eventCount());
        QVERIFY(audit->index(audit->rowCount() - 1, 4).data().toString().startsWith("cancelled"));
        // A cancelled run does not enter the method comparison.
        QCOMPARE(child<QTableView>(*window, "comparisonTable")->model()->rowCount(), 0);
    }

    void keyboard_shortcuts_run_and_cancel() {
        ScriptOptions options;
        options.event_delay_ms = 25;
        auto window = makeWindow(options);
        QApplication::setActiveWindow(window.get());
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(window->isRunning());
        QTest::keyClick(window.get(), Qt::Key_Escape);
        waitUntilIdle(*window);
        QVERIFY(child<QLabel>(*window, "runStateLabel")->text().startsWith("Cancelled"));
    }

    void compare_methods_runs_each_method_on_the_same_query() {
        auto window = makeWindow();
        QTest::mouseClick(child<QPushButton>(*window, "compareButton"), Qt::LeftButton);
        QVERIFY(window->isRunning());
        auto* table = child<QTableView>(*window, "comparisonTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 4, 30000);
        waitUntilIdle(*window);
        QStringList methods;
        for (int row = 0; row < 4; ++row) methods << table->model()->index(row, 0).data().toString();
        QCOMPARE(methods, QStringList({"base", "knn", "sift", "hullft"}));
        QCOMPARE(dataCount(child<QCustomPlot>(*window, "comparisonPlot")->plottable(0)), 4);
        // Each method's support set stays available, the latest shown.
        auto* combo = child<QComboBox>(*window, "supportMethodCombo");
        QCOMPARE(combo->count(), 3);
        QCOMPARE(combo->currentText(), QStringLiteral("hullft"));
        combo->setCurrentText("knn");
        QCOMPARE(child<QTableView>(*window, "supportTable")->model()->rowCount(), 20);
        QCOMPARE(
            child<QTableView>(*window, "supportTable")->model()->headerData(4, Qt::Horizontal).toString(),
            QStringLiteral("Score"));
    }

    void opening_a_session_replays_it_and_remembers_the_file() {
        auto window = makeWindow();
        const ScriptedQuery recorded(ScriptOptions{});
        window->setSessionOpener([&recorded](const QString&) { return recorded.job(); });
        const QString path = QDir::temp().filePath(QStringLiteral("recorded.hullft"));
        window->openSession(path);
        QVERIFY(window->isRunning());
        waitUntilIdle(*window);
        QCOMPARE(window->recentSessions().value(0), path);
        QCOMPARE(child<QTableView>(*window, "auditTable")->model()->rowCount(), recorded.eventCount());
        auto* recent = child<QMenu>(*window, "recentSessionsMenu");
        QCOMPARE(recent->actions().size(), 1);
        QCOMPARE(recent->actions().first()->toolTip(), path);
    }

    // A session file `hullft serve` wrote (tests/data/sessions/serve-requests.hullft: a HullFT
    // request, then a base one) opens through the real session reader, as File > Open session
    // does: every recorded event of both requests reaches the audit log, and the views end on
    // the second request's scores.
    void a_session_the_service_wrote_replays_every_request() {
        auto window = makeWindow();
        window->setSessionOpener([](const QString& path) { return hullft::ui::sessionReplayJob(path); });
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("serve-requests.hullft"));
        QVERIFY(QFile::copy(QStringLiteral(HULLFT_TEST_DATA_DIR "/sessions/serve-requests.hullft"), path));
        const hullft::sessions::SessionReader reader(path.toStdString());
        const std::vector<hullft::sessions::QuerySummary> requests = reader.queries();
        QCOMPARE(requests.size(), size_t(2));
        int64_t records = 0;
        for (const auto& request : requests) {
            QVERIFY(request.finished);
            records += request.record_count;
        }
        window->openSession(path);
        waitUntilIdle(*window);
        QCOMPARE(child<QTableView>(*window, "auditTable")->model()->rowCount(), int(records));
        QCOMPARE(child<QLabel>(*window, "baseBpbLabel")->text(), QStringLiteral("1.833 bits/byte"));
        QCOMPARE(child<QLabel>(*window, "adaptedBpbLabel")->text(), QStringLiteral("1.833 bits/byte"));  // base: not adapted
    }

    // The document box names a held-out document only while the editor holds its text: a typed
    // query shows no domain or document, and the first edit of a loaded document forgets it.
    void test_document_is_named_only_while_its_text_is_unchanged() {
        auto window = makeWindow();
        auto* panel = child<hullft::ui::QueryPanel>(*window, "queryPanel");
        auto* domains = child<QComboBox>(*window, "domainCombo");
        auto* documents = child<QComboBox>(*window, "documentCombo");
        auto* editor = child<QPlainTextEdit>(*window, "queryEdit");
        QCOMPARE(domains->count(), 2);
        QCOMPARE(domains->currentIndex(), -1);
        QVERIFY(!documents->isEnabled());
        QCOMPARE(documents->placeholderText(), QStringLiteral("pick a domain"));
        QVERIFY(panel->request().test_document_id.isEmpty());

        domains->setCurrentText(QStringLiteral("Github"));
        QVERIFY(documents->isEnabled());
        QCOMPARE(documents->count(), 1);
        QCOMPARE(documents->currentIndex(), -1);
        documents->setCurrentIndex(0);
        emit documents->activated(0);
        QCOMPARE(editor->toPlainText(), QStringLiteral("cmake_minimum_required(VERSION 3.21)"));
        QCOMPARE(documents->currentIndex(), 0);
        QCOMPARE(panel->request().test_document_id, QStringLiteral("t2"));

        editor->moveCursor(QTextCursor::End);
        editor->insertPlainText(QStringLiteral("\nproject(Edited)"));
        QCOMPARE(documents->currentIndex(), -1);
        QCOMPARE(domains->currentText(), QStringLiteral("Github"));
        QVERIFY(panel->request().test_document_id.isEmpty());
        QCOMPARE(panel->request().text, QStringLiteral("cmake_minimum_required(VERSION 3.21)\nproject(Edited)"));
    }

    void every_control_has_a_tooltip() {
        auto window = makeWindow();
        QStringList missing;
        for (QWidget* widget : window->findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QComboBox*>(widget) ||
                                 qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                                 qobject_cast<QAbstractItemView*>(widget) || qobject_cast<QCustomPlot*>(widget) ||
                                 qobject_cast<QPlainTextEdit*>(widget) || qobject_cast<QProgressBar*>(widget);
            // Our controls are named; Qt's own (dock title buttons, scroll bars, tab scrollers) are not.
            const bool ours = !widget->objectName().isEmpty() && !widget->objectName().startsWith("qt_") &&
                              !qobject_cast<QTabBar*>(widget->parentWidget());
            if (control && ours && widget->toolTip().isEmpty())
                missing << widget->objectName();
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
        for (QAction* action : window->findChildren<QAction*>()) {
            if (!action->shortcut().isEmpty()) QVERIFY2(!action->toolTip().isEmpty(), qPrintable(action->text()));
        }
    }

    void window_state_is_restored() {
        {
            auto window = makeWindow();
            child<QDockWidget>(*window, "auditDock")->hide();
            window->close();
        }
        auto window = makeWindow();
        QVERIFY(!child<QDockWidget>(*window, "auditDock")->isVisible());
        QVERIFY(child<QDockWidget>(*window, "lossDock")->isVisible());
    }

    void screenshots_in_light_and_dark_palettes() {
        auto window = makeWindow();
        QTest::mouseClick(child<QPushButton>(*window, "compareButton"), Qt::LeftButton);
        waitUntilIdle(*window);
        child<QTableView>(*window, "supportTable")->selectRow(0);
        const QString dir = screenshotDir();
        const QPalette light = QApplication::palette();
        for (const auto& [name, palette] :
             {std::pair{QStringLiteral("light"), light}, std::pair{QStringLiteral("dark"), darkPalette()}}) {
            QApplication::setPalette(palette);
            QCoreApplication::processEvents();
            child<QDockWidget>(*window, "outputDock")->raise();
            QCoreApplication::processEvents();
            const QImage shot = window->grab().toImage();
            QVERIFY(shot.save(dir + QStringLiteral("/workbench_%1.png").arg(name)));
            QCOMPARE(shot.size(), QSize(1280, 800));
            for (const char* dock : {"comparisonDock", "auditDock"}) {
                child<QDockWidget>(*window, dock)->raise();
                QCoreApplication::processEvents();
                QVERIFY(window->grab().save(dir + QStringLiteral("/workbench_%1_%2.png").arg(name, dock)));
            }
            // Plots follow the palette: their background is the palette's base colour.
            const QImage plot = child<QCustomPlot>(*window, "fwPlot")->grab().toImage();
            QCOMPARE(plot.pixelColor(2, 2).lightness() < 128,
                     palette.color(QPalette::Base).lightness() < 128);
        }
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(GuiWorkbenchQueryTest)
#include "gui_workbench_query_test.moc"
