#pragma once

#include <QSortFilterProxyModel>

namespace hullft::ui {

// Keeps the audit rows of one kind (or all) whose columns contain the filter text.
class AuditLogFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit AuditLogFilter(QObject* parent = nullptr);

    // Empty kind: every kind.
    void setKind(const QString& kind);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

private:
    QString kind_;
    QString text_;
};

}  // namespace hullft::ui
