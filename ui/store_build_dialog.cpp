#include "store_build_dialog.h"

#include <algorithm>

#include "event_bridge.h"

namespace hullft::ui {

namespace {
constexpr int kSteps = 1000;  // the bar's resolution; stages count bytes, sequences or vectors

QString describeStage(const QString& stage) {
    if (stage == QLatin1String("embed")) return StoreBuildDialog::tr("Embedding sequences with the model");
    if (stage == QLatin1String("index")) return StoreBuildDialog::tr("Indexing the vectors");
    if (stage.startsWith(QLatin1String("corpus: ")))
        return StoreBuildDialog::tr("Extracting the corpus (%1)").arg(stage.mid(8));
    return stage;
}
}  // namespace

StoreBuildDialog::StoreBuildDialog(QueryJob job, QWidget* parent)
    : QProgressDialog(parent),
      job_(std::move(job)),
      bridge_(new QueuedEventBridge(this)),
      worker_(new QueryWorker(this)) {
    setObjectName(QStringLiteral("storeBuildDialog"));
    setWindowTitle(tr("Building the datastore"));
    setCancelButtonText(tr("Cancel"));
    setRange(0, kSteps);
    setMinimumDuration(0);
    setMinimumWidth(460);
    // The dialog stays until the worker has really stopped, and says how it ended.
    setAutoReset(false);
    setAutoClose(false);
    connectObserver(bridge_, this, this);
    connect(this, &QProgressDialog::canceled, worker_, &QueryWorker::cancel);
    connect(this, &QProgressDialog::canceled, this,
            [this] { setLabelText(tr("Cancelling after this batch…")); });
    connect(worker_, &QueryWorker::finished, this, &StoreBuildDialog::onFinished);
    connect(worker_, &QueryWorker::failed, this, &StoreBuildDialog::onFailed);
}

// The worker (a child) stops the job before the bridge it reports to goes.
StoreBuildDialog::~StoreBuildDialog() { delete worker_; }

bool StoreBuildDialog::isBuilding() const { return worker_->isRunning(); }

void StoreBuildDialog::start() {
    if (isBuilding()) return;
    reset();  // clears a previous cancel
    setValue(0);
    setLabelText(tr("Starting…"));
    show();
    worker_->start(job_, *bridge_);
}

void StoreBuildDialog::onProgress(const ProgressEvent& event) {
    if (!isBuilding()) return;
    const QString stage = describeStage(QString::fromStdString(event.stage));
    QString text = event.total > 0 ? tr("%1: %2 of %3").arg(stage).arg(event.done).arg(event.total) : stage;
    if (event.eta_seconds >= 0) text += tr("\nAbout %1 s left in this stage").arg(qRound(event.eta_seconds));
    setLabelText(text);
    if (event.total > 0) setValue(static_cast<int>(kSteps * std::min(event.done, event.total) / event.total));
}

void StoreBuildDialog::onFinished(bool cancelled) {
    if (cancelled) {
        hide();
        emit stopped(QString());
        return;
    }
    setValue(kSteps);
    setLabelText(tr("The datastore is ready"));
    hide();
    emit built();
}

void StoreBuildDialog::onFailed(const QString& message) {
    hide();
    emit stopped(message);
}

}  // namespace hullft::ui
