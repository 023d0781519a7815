#pragma once

#include <QString>

#include <functional>
#include <memory>

#include "main_window.h"
#include "pipeline/pipeline_sources.h"
#include "sequence_lookup.h"
#include "test_document.h"

namespace hullft::ui {

// The real TTFT pipeline behind the workbench: the model, the datastore it embedded and the
// held-out test documents, wired by core's LoadedPipeline (the same wiring as the CLI). Its
// jobs run the pipeline on the worker thread, on the device each request names, and record
// every run as an audit session, one new file per run in `sessionDirectory`.
class PipelineBackend {
public:
    // Loads nothing yet: loadInto() or loadJob() does.
    PipelineBackend(PipelineSources sources, const QString& corpusDirectory, const QString& sessionDirectory);
    ~PipelineBackend();

    // Loads on a worker thread with progress in the window's query panel, then connects the
    // window's Run to this pipeline; `done` gets an empty string, or why loading failed.
    void loadInto(MainWindow& window, std::function<void(const QString& error)> done);
    // The loading itself, for any worker (InputError names a missing or unusable folder).
    QueryJob loadJob();
    bool isLoaded() const;

    // Connects the window's Run to this pipeline and shows the model, datastore and test
    // documents. Needs a loaded backend.
    void attachTo(MainWindow& window);

    MainWindow::QueryJobFactory jobFactory();
    SequenceLookup sequenceLookup() const;
    TestDocumentList testDocuments() const;
    QString modelDescription() const;
    QString storeDescription() const;

private:
    struct State;
    std::shared_ptr<State> state_;  // shared with running jobs
};

}  // namespace hullft::ui
