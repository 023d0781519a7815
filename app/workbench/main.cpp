// hullft-workbench: the interactive face of HullFT Workbench. Composes the main window with the
// real pipeline (the command line's model and datastore, then any model or store opened from the
// window).
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>

#include "datastore/store_location.h"
#include "main_window.h"
#include "model_store_location.h"
#include "pipeline_backend.h"
#include "recent_paths.h"
#include "session_replay.h"
#include "store_build_dialog.h"
#include "store_build_job.h"

namespace {

using LoadDone = std::function<void(const QString& error)>;

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

// A model without its datastore: offers to build it (the default corpus embedded by that model),
// then calls `onBuilt`. The dialog is window-modal, so no other model opens meanwhile.
void offerStoreBuild(hullft::ui::MainWindow& window, const hullft::ui::StoreBuildRequest& request,
                     const std::function<void()>& onBuilt) {
    const auto answer = QMessageBox::question(
        &window, QObject::tr("No datastore yet"),
        QObject::tr(
            "There is no datastore for the model\n%1\nat\n%2\n\nBuild it now? It extracts the default "
            "corpus from Debian's packages if needed and embeds it with the model: a few minutes on a "
            "laptop for the default model. You can cancel; the next build resumes.")
            .arg(request.model_directory, request.store_directory));
    if (answer != QMessageBox::Yes) {
        showProblem(window,
                    QObject::tr("No datastore for %1: it was not loaded (replays work). Build one with "
                                "`hullft store build`.")
                        .arg(QFileInfo(request.model_directory).fileName()));
        return;
    }
    auto* dialog = new hullft::ui::StoreBuildDialog(hullft::ui::storeBuildJob(request), &window);
    dialog->setWindowModality(Qt::WindowModal);
    QObject::connect(dialog, &hullft::ui::StoreBuildDialog::built, &window, [&window, dialog, onBuilt] {
        window.statusBar()->showMessage(QObject::tr("Datastore built"));
        dialog->deleteLater();
        onBuilt();
    });
    QObject::connect(
        dialog, &hullft::ui::StoreBuildDialog::stopped, &window, [&window, dialog](const QString& error) {
            showProblem(window,
                        error.isEmpty()
                            ? QObject::tr("Datastore build cancelled; opening the model again resumes it")
                            : QObject::tr("Datastore build failed: %1").arg(error));
            dialog->deleteLater();
        });
    dialog->start();
}

// The pipeline behind the window: one backend per model and its datastore, replaced when another
// model loads. The window lets go of the old backend's jobs as loading starts, so only one model
// is held in memory at a time.
class WorkbenchPipeline {
public:
    WorkbenchPipeline(hullft::ui::MainWindow& window, QString recipe, QString corpus, QString sessions)
        : window_(window),
          recipe_(std::move(recipe)),
          corpus_(std::move(corpus)),
          sessions_(std::move(sessions)) {}

    // Offers to build the store first when it is missing, as on the first start.
    void open(const QString& model, const QString& store, const QString& embedder, const LoadDone& done) {
        if (hullft::ui::storeIsBuilt(store)) {
            load(model, store, embedder, done);
            return;
        }
        offerStoreBuild(window_, hullft::ui::firstStartStoreRequest(model, recipe_, corpus_, store),
                        [this, model, store, embedder, done] { load(model, store, embedder, done); });
    }

    // Loads off the GUI thread, with progress in the query panel; a failure leaves the window
    // usable (replays, opening another model) and says why.
    void load(const QString& model, const QString& store, const QString& embedder, const LoadDone& done) {
        hullft::PipelineSources sources;
        sources.model_directory = model.toStdString();
        sources.store_directory = store.toStdString();
        sources.embedder_directory = embedder.toStdString();
        backend_ = std::make_unique<hullft::ui::PipelineBackend>(sources, corpus_, sessions_);
        window_.statusBar()->showMessage(QObject::tr("Loading the model and the datastore…"));
        backend_->loadInto(window_, [this, model, done](const QString& error) {
            if (error.isEmpty()) {
                window_.statusBar()->showMessage(QObject::tr("Ready"));
                window_.rememberModel(model);
            } else {
                showProblem(window_, QObject::tr("No pipeline: %1").arg(error));
            }
            done(error);
        });
    }

private:
    hullft::ui::MainWindow& window_;
    QString recipe_;
    QString corpus_;
    QString sessions_;
    std::unique_ptr<hullft::ui::PipelineBackend> backend_;
};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HullFT"));
    QApplication::setApplicationName(QStringLiteral("HullFT Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(HULLFT_WORKBENCH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watch test-time finetuning adapt a language model, query by query."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString dataDirectory = QString::fromStdString(hullft::hullftDataDirectory());
    const QCommandLineOption model(
        QStringLiteral("model"),
        QStringLiteral("Model folder (Hugging Face layout: GPT-2, Llama, Mistral, Qwen2/3, "
                       "Phi-3, GPT-NeoX, GPT-Neo)."),
        QStringLiteral("dir"), QStringLiteral(HULLFT_RESOURCES_DIR "/models/default"));
    const QCommandLineOption store(
        QStringLiteral("store"), QStringLiteral("Datastore folder (embedded by the model)."),
        QStringLiteral("dir"), QString::fromStdString(hullft::defaultStoreDirectory()));
    const QCommandLineOption corpus(
        QStringLiteral("corpus"), QStringLiteral("Corpus folder (held-out test documents)."),
        QStringLiteral("dir"), QString::fromStdString(hullft::defaultCorpusDirectory()));
    const QCommandLineOption demoQuery(
        QStringLiteral("demo-query"),
        QStringLiteral("Run this query (HullFT, defaults) as soon as the window opens."),
        QStringLiteral("text"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window once it is idle, then quit."),
        QStringLiteral("file"));
    for (const auto& option : {model, store, corpus, demoQuery, screenshot}) parser.addOption(option);
    parser.process(app);

    hullft::ui::MainWindow window;
    // Replays and reports need no model: they work even when the pipeline cannot load.
    window.setSessionOpener(hullft::ui::sessionReplayJob);
    window.setReportExporter(hullft::ui::exportSessionReport);
    WorkbenchPipeline pipeline(window, QStringLiteral(HULLFT_RESOURCES_DIR "/corpus/recipe.json"),
                               parser.value(corpus), dataDirectory + "/sessions");
    // The command line's store belongs to the command line's model; any other model gets its own.
    const QString startModel = hullft::ui::normalizedDirectory(parser.value(model));
    const QString startStore = parser.value(store);
    window.setModelLoader(
        [startModel, startStore](const QString& directory) {
            return directory == startModel ? startStore : hullft::ui::modelStoreDirectory(directory);
        },
        [&pipeline](const QString& directory, const QString& storeDirectory, const QString& embedderDirectory) {
            pipeline.open(directory, storeDirectory, embedderDirectory, [](const QString&) {});
        });
    window.setStartSources(startModel, startStore);

    const auto started = [&](const QString& error) {
        if (error.isEmpty() && parser.isSet(demoQuery)) {
            hullft::ui::QueryRequest request;
            request.text = parser.value(demoQuery);
            QTimer::singleShot(200, &window, [&window, request] { window.startQuery(request); });
        }
        if (parser.isSet(screenshot)) screenshotWhenIdle(window, parser.value(screenshot));
    };
    window.show();
    // Headless runs (--screenshot) never wait on a question nobody can answer.
    if (parser.isSet(screenshot)) {
        pipeline.load(startModel, startStore, QString(), started);
    } else {
        pipeline.open(startModel, startStore, QString(), started);
    }
    return app.exec();
}
