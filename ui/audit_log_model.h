#pragma once

#include <QAbstractTableModel>
#include <QVector>

#include "audit_entry.h"

namespace hullft::ui {

// Every event the window received, oldest first; grows live.
class AuditLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Method, Kind, Step, Summary, ColumnCount };

    explicit AuditLogModel(QObject* parent = nullptr);

    void append(const AuditEntry& entry);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVector<AuditEntry> entries_;
};

}  // namespace hullft::ui
