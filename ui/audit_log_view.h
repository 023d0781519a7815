#pragma once

#include <QWidget>

#include "audit_entry.h"
#include "events/pipeline_event.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace hullft::ui {

class AuditLogFilter;
class AuditLogModel;

// Every event of the session in a table, live, filtered by kind and by text. As an observer it
// takes every event kind there is: a new kind shows up without a change here.
class AuditLogView : public QWidget, public AnyEventObserver {
    Q_OBJECT
public:
    explicit AuditLogView(QWidget* parent = nullptr);

    // Appends one event's entry, tagged with the method of the run it belongs to.
    void record(AuditEntry entry);
    // Starts a run: later entries carry its method.
    void beginRun(const QString& method);
    int entryCount() const;

private:
    void onAnyEvent(const PipelineEvent& event) override;
    void updateCount();

    AuditLogModel* model_;
    AuditLogFilter* filter_;
    QLineEdit* filter_edit_;
    QComboBox* kind_combo_;
    QLabel* count_;
    QTableView* table_;
    QString method_;
};

}  // namespace hullft::ui
