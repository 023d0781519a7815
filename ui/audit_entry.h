#pragma once

#include <QString>
#include <QStringList>
#include <QTime>
#include <optional>

#include "events/pipeline_event.h"

namespace hullft::ui {

// One row of the audit log: an event as a human reads it.
struct AuditEntry {
    QTime time;
    QString method;           // the run the event belongs to
    QString kind;             // one of auditKinds()
    std::optional<int> step;  // FW iteration or finetune step, when the event has one
    QString summary;
};

// Every kind an entry can have, in pipeline order (for the kind filter): the record kinds of
// HULLFT_PIPELINE_EVENTS with spaces for underscores ("fw iteration").
QStringList auditKinds();

// The event in one line. Kinds without a summary of their own list their scalar fields.
AuditEntry describeEvent(const PipelineEvent& event);

}  // namespace hullft::ui
