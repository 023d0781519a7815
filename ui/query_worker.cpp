#include "query_worker.h"

#include <QThread>
#include <exception>

#include "common/errors.h"

namespace hullft::ui {

QueryWorker::QueryWorker(QObject* parent) : QObject(parent) {
    connect(this, &QueryWorker::jobEnded, this, &QueryWorker::onJobEnded, Qt::QueuedConnection);
}

QueryWorker::~QueryWorker() {
    // The job holds a reference to an observer owned elsewhere: stop it before anything goes.
    if (!thread_) return;
    cancel();
    thread_->wait();
    delete thread_;
}

bool QueryWorker::start(QueryJob job, PipelineObserver& observer) {
    if (thread_) return false;
    token_ = std::make_shared<CancellationToken>();
    auto token = token_;
    thread_ = QThread::create([this, job = std::move(job), &observer, token] {
        Outcome outcome = Outcome::Completed;
        QString message;
        try {
            job(observer, *token);
            if (token->cancelled()) outcome = Outcome::Cancelled;
        } catch (const CancelledError&) {
            outcome = Outcome::Cancelled;
        } catch (const std::exception& error) {
            outcome = Outcome::Failed;
            message = QString::fromStdString(error.what());
        } catch (...) {
            outcome = Outcome::Failed;
            message = tr("unknown error");
        }
        emit jobEnded(static_cast<int>(outcome), message);
    });
    thread_->setObjectName(QStringLiteral("hullft-query"));
    thread_->start();
    emit started();
    return true;
}

void QueryWorker::cancel() {
    if (token_) token_->cancel();
}

void QueryWorker::onJobEnded(int outcome, const QString& message) {
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
    token_.reset();
    switch (static_cast<Outcome>(outcome)) {
        case Outcome::Completed:
            emit finished(false);
            break;
        case Outcome::Cancelled:
            emit finished(true);
            break;
        case Outcome::Failed:
            emit failed(message);
            break;
    }
}

}  // namespace hullft::ui
