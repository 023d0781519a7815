#pragma once

#include <QAbstractTableModel>
#include <QVector>

namespace hullft::ui {

// One finished run of a method on the compared query.
struct MethodResult {
    QString method;
    double base_bpb = 0.0;
    double bpb = 0.0;  // of the answer the method gives (base BPB when rejected or for "base")
    double seconds = 0.0;
    int steps = 0;
    QString bpb_rule;  // which tokens its BPB scored: "full" or "reference"
};

// Finished runs on the same query, one row per method (a rerun replaces its row).
class MethodComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Method, Bpb, Change, Seconds, Steps, ColumnCount };

    explicit MethodComparisonModel(QObject* parent = nullptr);

    void clear();
    void upsert(const MethodResult& result);
    const QVector<MethodResult>& results() const { return results_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVector<MethodResult> results_;
};

}  // namespace hullft::ui
