#pragma once

#include <QObject>
#include <QString>

#include "event_metatypes.h"
#include "events/pipeline_event.h"

namespace hullft::ui {

// Turns the pipeline's observer callbacks (made on the worker thread) into one queued Qt signal
// that carries each event as a PipelineEvent. connectObserver() hands them to a GUI-side
// PipelineObserver (a view) on its own thread, in the order the pipeline reported them.
class QueuedEventBridge : public QObject, public AnyEventObserver {
    Q_OBJECT
public:
    explicit QueuedEventBridge(QObject* parent = nullptr);

signals:
    void eventReported(const hullft::PipelineEvent& event);
    // A query that ended with an error (QueryFinishedEvent::error), after its eventReported.
    void failed(const QString& message);

private:
    void onAnyEvent(const PipelineEvent& event) override;
};

// Delivers every event `bridge` reports to `observer`, queued to `context`'s thread (the
// observer is usually the context itself: a view). The connection ends with `context`.
void connectObserver(const QueuedEventBridge* bridge, QObject* context, PipelineObserver* observer);

}  // namespace hullft::ui
