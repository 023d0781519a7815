// hullft-workbench: the interactive face of HullFT Workbench. Composes the main window with the
// real pipeline (default model, default datastore) and nothing else.
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>
#include <exception>
#include <functional>

#include "datastore/store_location.h"
#include "main_window.h"
#include "pipeline_backend.h"
#include "session_replay.h"
#include "store_build_dialog.h"
#include "store_build_job.h"

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

void showProblem(hullft::ui::MainWindow& window, const QString& message) {
    std::fprintf(stderr, "hullft-workbench: %s\n", qPrintable(message));
    window.statusBar()->showMessage(message);
}

// First start: offers to build the default datastore, then calls `onBuilt`.
void offerStoreBuild(hullft::ui::MainWindow& window, const hullft::ui::StoreBuildRequest& request,
                     const std::function<void()>& onBuilt) {
    const auto answer = QMessageBox::question(
        &window, QObject::tr("No datastore yet"),
        QObject::tr("There is no datastore at\n%1\n\nBuild the default one now? It extracts the default corpus "
                    "from Debian's packages if needed and embeds it with the model: a few minutes on a laptop. "
                    "You can cancel; the next build resumes.")
            .arg(request.store_directory));
    if (answer != QMessageBox::Yes) {
        showProblem(window, QObject::tr("No datastore: queries are off (replays work). Build one with `hullft store build`."));
        return;
    }
    auto* dialog = new hullft::ui::StoreBuildDialog(hullft::ui::storeBuildJob(request), &window);
    QObject::connect(dialog, &hullft::ui::StoreBuildDialog::built, &window, [&window, dialog, onBuilt] {
        window.statusBar()->showMessage(QObject::tr("Datastore built"));
        dialog->deleteLater();
        onBuilt();
    });
    QObject::connect(dialog, &hullft::ui::StoreBuildDialog::stopped, &window, [&window, dialog](const QString& error) {
        showProblem(window, error.isEmpty()
                                ? QObject::tr("Datastore build cancelled; start the workbench again to resume it")
                                : QObject::tr("Datastore build failed: %1").arg(error));
        dialog->deleteLater();
    });
    dialog->start();
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
    window.setReportExporter(hullft::ui::exportSessionReport);
    hullft::PipelineSources sources;
    sources.model_directory = parser.value(model).toStdString();
    sources.store_directory = parser.value(store).toStdString();
    hullft::ui::PipelineBackend backend(sources, parser.value(corpus), dataDirectory + "/sessions");
    // The model and the index load off the GUI thread; the window shows their progress.
    const auto loadPipeline = [&] {
        window.statusBar()->showMessage(QObject::tr("Loading the model and the datastore…"));
        backend.loadInto(window, [&](const QString& error) {
            if (!error.isEmpty()) {
                showProblem(window, QStringLiteral("No pipeline: %1").arg(error));
            } else {
                window.statusBar()->showMessage(QObject::tr("Ready"));
                if (parser.isSet(demoQuery)) {
                    hullft::ui::QueryRequest request;
                    request.text = parser.value(demoQuery);
                    QTimer::singleShot(200, &window, [&window, request] { window.startQuery(request); });
                }
            }
            if (parser.isSet(screenshot)) screenshotWhenIdle(window, parser.value(screenshot));
        });
    };
    window.show();
    // Headless runs (--screenshot) never wait on a question nobody can answer.
    if (!hullft::ui::storeIsBuilt(parser.value(store)) && !parser.isSet(screenshot)) {
        offerStoreBuild(window,
                        hullft::ui::firstStartStoreRequest(parser.value(model), QStringLiteral(HULLFT_RESOURCES_DIR "/corpus/recipe.json"),
                                                           parser.value(corpus), parser.value(store)),
                        loadPipeline);
    } else {
        loadPipeline();
    }
    return app.exec();
}
