// hullft-workbench: the interactive face of HullFT Workbench.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

#include "main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HullFT"));
    QApplication::setApplicationName(QStringLiteral("HullFT Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(HULLFT_WORKBENCH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Watch test-time finetuning adapt a language model, query by query."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window once it is shown, then quit."),
                                        QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    hullft::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        QTimer::singleShot(500, &window, [&window, path] {
            if (!window.grab().save(path)) {
                std::fprintf(stderr, "hullft-workbench: %s: cannot write screenshot\n", qPrintable(path));
                QApplication::exit(1);
                return;
            }
            window.close();
        });
    }
    return app.exec();
}
