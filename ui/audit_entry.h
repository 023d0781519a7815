#pragma once

#include <QString>
#include <QStringList>
#include <QTime>
#include <optional>

#include "pipeline/events.h"

namespace hullft::ui {

// One row of the audit log: an event as a human reads it.
struct AuditEntry {
    QTime time;
    QString method;           // the run the event belongs to
    QString kind;             // one of auditKinds()
    std::optional<int> step;  // FW iteration or finetune step, when the event has one
    QString summary;
};

// Every kind an entry can have, in pipeline order (for the kind filter).
QStringList auditKinds();

AuditEntry describeEvent(const ProgressEvent& event);
AuditEntry describeEvent(const QueryStartedEvent& event);
AuditEntry describeEvent(const CandidatesReadyEvent& event);
AuditEntry describeEvent(const FwIterationEvent& event);
AuditEntry describeEvent(const EmbeddingProjectionEvent& event);
AuditEntry describeEvent(const SelectionReadyEvent& event);
AuditEntry describeEvent(const FinetuneStepEvent& event);
AuditEntry describeEvent(const CircuitBreakerEvent& event);
AuditEntry describeEvent(const EvaluationEvent& event);
AuditEntry describeEvent(const GenerationEvent& event);
AuditEntry describeEvent(const StageTimingEvent& event);
AuditEntry describeEvent(const QueryFinishedEvent& event);

}  // namespace hullft::ui
