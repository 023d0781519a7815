#include "audit_log_model.h"

namespace hullft::ui {

AuditLogModel::AuditLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void AuditLogModel::append(const AuditEntry& entry) {
    beginInsertRows({}, entries_.size(), entries_.size());
    entries_.push_back(entry);
    endInsertRows();
}

void AuditLogModel::clear() {
    beginResetModel();
    entries_.clear();
    endResetModel();
}

int AuditLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : entries_.size();
}

int AuditLogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AuditLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= entries_.size()) return {};
    const AuditEntry& entry = entries_.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Summary) return entry.summary;
    if (role == Qt::TextAlignmentRole && index.column() == Step)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Time:
            return entry.time.toString(QStringLiteral("HH:mm:ss.zzz"));
        case Method:
            return entry.method;
        case Kind:
            return entry.kind;
        case Step:
            return entry.step ? QVariant(*entry.step) : QVariant();
        case Summary:
            return entry.summary;
        default:
            return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Time:
            return tr("Time");
        case Method:
            return tr("Method");
        case Kind:
            return tr("Kind");
        case Step:
            return tr("Step");
        case Summary:
            return tr("Summary");
        default:
            return {};
    }
}

}  // namespace hullft::ui
