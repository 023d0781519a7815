#include "event_bridge.h"

namespace hullft::ui {

QueuedEventBridge::QueuedEventBridge(QObject* parent) : QObject(parent) { registerEventMetaTypes(); }

void QueuedEventBridge::onAnyEvent(const PipelineEvent& event) {
    emit eventReported(event);
    if (const auto* finished = std::get_if<QueryFinishedEvent>(&event); finished && !finished->error.empty())
        emit failed(QString::fromStdString(finished->error));
}

void connectObserver(const QueuedEventBridge* bridge, QObject* context, PipelineObserver* observer) {
    QObject::connect(
        bridge, &QueuedEventBridge::eventReported, context,
        [observer](const PipelineEvent& event) { deliver(event, *observer); }, Qt::QueuedConnection);
}

}  // namespace hullft::ui
