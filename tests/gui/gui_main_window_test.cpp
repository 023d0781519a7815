#include <QtTest>

#include <QDockWidget>
#include <QMainWindow>
#include <QProcess>
#include <QTemporaryDir>

#include "main_window.h"

class GuiMainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        // Keep the user's real settings out of the test.
        QCoreApplication::setOrganizationName(QStringLiteral("HullFT-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("gui_main_window_test"));
    }

    void window_has_title_and_every_view_docked() {
        hullft::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("HullFT Workbench"));
        const QStringList expected = {"Support set", "Convex weights and multiset", "FW convergence",
                                      "Embedding view", "Loss curve", "Gradient cache",
                                      "Base vs adapted", "Method comparison", "Audit log"};
        QStringList titles;
        for (const QDockWidget* dock : window.findChildren<QDockWidget*>()) titles << dock->windowTitle();
        for (const QString& title : expected) QVERIFY2(titles.contains(title), qPrintable(title));
        QVERIFY(window.close());
    }

    void executable_starts_shows_window_and_exits_cleanly() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(QStringLiteral("window.png"));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(HULLFT_WORKBENCH_PATH), {QStringLiteral("--screenshot"), png});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800);
    }
};

QTEST_MAIN(GuiMainWindowTest)
#include "gui_main_window_test.moc"
