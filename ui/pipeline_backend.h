#pragma once

#include <QString>

#include <memory>

#include "main_window.h"
#include "sequence_lookup.h"
#include "test_document.h"

namespace hullft::ui {

// The real TTFT pipeline behind the workbench: the model, the datastore it embedded and the
// held-out test documents, loaded once. Its jobs run QueryPipeline on the worker thread and
// record every run as an audit session, one new file per run in `sessionDirectory`.
class PipelineBackend {
public:
    // InputError (from core) names the folder that is missing or unusable.
    PipelineBackend(const QString& modelDirectory, const QString& storeDirectory, const QString& corpusDirectory,
                    const QString& sessionDirectory);
    ~PipelineBackend();

    // Connects the window's Run to this pipeline and shows the model, datastore and test documents.
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
