#pragma once

#include <QProgressDialog>

#include "events/observer.h"
#include "query_worker.h"

namespace hullft::ui {

class QueuedEventBridge;

// First start with no datastore: runs a store build job (storeBuildJob) on a worker thread
// behind a progress dialog that names the stage, counts the work and estimates the time left.
// Cancel stops the build between batches; it leaves no half store, and the next build resumes.
class StoreBuildDialog : public QProgressDialog, public PipelineObserver {
    Q_OBJECT
public:
    explicit StoreBuildDialog(QueryJob job, QWidget* parent = nullptr);
    ~StoreBuildDialog() override;

    // Shows the dialog and starts (or, after a cancel or failure, restarts) the build.
    void start();
    bool isBuilding() const;

signals:
    void built();
    // Cancelled (error empty) or failed; the partial build is kept for the next start().
    void stopped(const QString& error);

private:
    // The build reports its stages as progress events, delivered on the GUI thread.
    void onProgress(const hullft::ProgressEvent& event) override;
    void onFinished(bool cancelled);
    void onFailed(const QString& message);

    QueryJob job_;
    QueuedEventBridge* bridge_;
    QueryWorker* worker_;
};

}  // namespace hullft::ui
