#include "audit_log_filter.h"

#include "audit_log_model.h"

namespace hullft::ui {

AuditLogFilter::AuditLogFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void AuditLogFilter::setKind(const QString& kind) {
    kind_ = kind;
    invalidateFilter();
}

void AuditLogFilter::setText(const QString& text) {
    text_ = text;
    invalidateFilter();
}

bool AuditLogFilter::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
    const QAbstractItemModel* model = sourceModel();
    if (!kind_.isEmpty() &&
        model->index(source_row, AuditLogModel::Kind, source_parent).data().toString() != kind_) {
        return false;
    }
    if (text_.isEmpty()) return true;
    for (int column = 0; column < model->columnCount(source_parent); ++column) {
        if (model->index(source_row, column, source_parent)
                .data()
                .toString()
                .contains(text_, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

}  // namespace hullft::ui
