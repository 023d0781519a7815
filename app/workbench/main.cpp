// hullft-workbench: the interactive face of HullFT Workbench. Composes the main window with the
// real pipeline (default model, default datastore) and nothing else.
#include <QApplication>
#include <QCommandLineParser>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>

#include "datastore/store_location.h"
#include "main_window.h"
#include "pipeline_backend.h"
#include "session_replay.h"

namespace {

// Saves a PNG of the window once nothing runs any more, then quits (headless demos, README).
void screenshotWhenIdle(hullft::ui::MainWindow& window, const QString& path) {
    auto* timer = new QTimer(&window);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, path, timer] {
        if (window.isRunning()) return;
        timer->stop();
        if (!window.grab().save(path)) {
            std::fprintf(stderr, "hullft-workbench: %s: cannot write screenshot\n", qPrintable(path));
            QApplication::exit(1);
            return;
        }
        window.close();
    });
    timer->start(500);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HullFT"));
    QApplication::setApplicationName(QStringLiteral("HullFT Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(HULLFT_WORKBENCH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Watch test-time finetuning adapt a language model, query by query."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString dataDirectory = QString::fromStdString(hullft::hullftDataDirectory());
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model folder (Hugging Face GPT-2 layout)."),
                                   QStringLiteral("dir"), QStringLiteral(HULLFT_RESOURCES_DIR "/models/default"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("Datastore folder."), QStringLiteral("dir"),
                                   QString::fromStdString(hullft::defaultStoreDirectory()));
    const QCommandLineOption corpus(QStringLiteral("corpus"), QStringLiteral("Corpus folder (held-out test documents)."),
                                    QStringLiteral("dir"), QString::fromStdString(hullft::defaultCorpusDirectory()));
    const QCommandLineOption demoQuery(QStringLiteral("demo-query"),
                                       QStringLiteral("Run this query (HullFT, defaults) as soon as the window opens."),
                                       QStringLiteral("text"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window once it is idle, then quit."),
                                        QStringLiteral("file"));
    for (const auto& option : {model, store, corpus, demoQuery, screenshot}) parser.addOption(option);
    parser.process(app);

    hullft::ui::MainWindow window;
    // Replays and reports need no model: they work even when the pipeline cannot load.
    window.setSessionOpener(hullft::ui::sessionReplayJob);
    window.setReportExporter([&window](const QString& htmlPath) {
        const QStringList recent = window.recentSessions();
        if (recent.isEmpty()) throw std::runtime_error("no session yet: run a query or open a session first");
        hullft::ui::exportSessionReport(recent.front(), htmlPath);
    });
    std::unique_ptr<hullft::ui::PipelineBackend> backend;
    try {
        backend = std::make_unique<hullft::ui::PipelineBackend>(parser.value(model), parser.value(store), parser.value(corpus),
                                                                dataDirectory + QStringLiteral("/sessions"));
        window.setQueryJobFactory(backend->jobFactory());
        window.setSequenceLookup(backend->sequenceLookup());
        window.setTestDocuments(backend->testDocuments());
        window.setModelDescription(backend->modelDescription(), backend->storeDescription());
    } catch (const std::exception& e) {
        const QString message = QStringLiteral("No pipeline: %1 (build the datastore with `hullft store build`)").arg(e.what());
        std::fprintf(stderr, "hullft-workbench: %s\n", qPrintable(message));
        window.statusBar()->showMessage(message);
    }
    window.show();
    if (backend && parser.isSet(demoQuery)) {
        hullft::ui::QueryRequest request;
        request.text = parser.value(demoQuery);
        QTimer::singleShot(200, &window, [&window, request] { window.startQuery(request); });
    }
    if (parser.isSet(screenshot)) screenshotWhenIdle(window, parser.value(screenshot));
    return app.exec();
}
