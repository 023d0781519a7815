#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "common/cancellation.h"
#include "events/observer.h"

class QThread;

namespace hullft::ui {

// A unit of long work (a query, a session replay): reports through the observer and checks
// the token between steps, throwing CancelledError (or returning) once it is cancelled.
using QueryJob = std::function<void(PipelineObserver&, const CancellationToken&)>;

// Runs one QueryJob at a time on its own thread so the GUI thread never waits on it.
// started/finished/failed are delivered on the thread that owns the worker, after every event
// the job reported before ending.
class QueryWorker : public QObject {
    Q_OBJECT
public:
    explicit QueryWorker(QObject* parent = nullptr);
    ~QueryWorker() override;

    // Starts `job` reporting to `observer` (which must outlive the job); false if one is running.
    bool start(QueryJob job, PipelineObserver& observer);
    // Asks the running job to stop; never blocks.
    void cancel();
    bool isRunning() const { return thread_ != nullptr; }

signals:
    void started();
    void finished(bool cancelled);
    void failed(const QString& message);

private:
    enum class Outcome { Completed, Cancelled, Failed };
    void onJobEnded(int outcome, const QString& message);
    // Emitted from the job's thread, delivered queued to the worker's thread.
    Q_SIGNAL void jobEnded(int outcome, const QString& message);

    QThread* thread_ = nullptr;
    std::shared_ptr<CancellationToken> token_;
};

}  // namespace hullft::ui
