#include "method_comparison_model.h"

namespace hullft::ui {

MethodComparisonModel::MethodComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void MethodComparisonModel::clear() {
    beginResetModel();
    results_.clear();
    endResetModel();
}

void MethodComparisonModel::upsert(const MethodResult& result) {
    for (int row = 0; row < results_.size(); ++row) {
        if (results_[row].method != result.method) continue;
        results_[row] = result;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, results_.size(), results_.size());
    results_.push_back(result);
    endInsertRows();
}

int MethodComparisonModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : results_.size();
}

int MethodComparisonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MethodComparisonModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= results_.size()) return {};
    const MethodResult& result = results_.at(index.row());
    if (role == Qt::TextAlignmentRole) {
        return index.column() == Method ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Method:
            return result.method;
        case Bpb:
            return QString::number(result.bpb, 'f', 4);
        case Change: {
            const double change = result.bpb - result.base_bpb;
            return QStringLiteral("%1%2")
                .arg(change > 0 ? QStringLiteral("+") : QString())
                .arg(change, 0, 'f', 4);
        }
        case Seconds:
            return QString::number(result.seconds, 'f', 2);
        case Steps:
            return result.steps;
        default:
            return {};
    }
}

QVariant MethodComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Method:
            return tr("Method");
        case Bpb:
            return tr("BPB");
        case Change:
            return tr("ΔBPB");
        case Seconds:
            return tr("Time (s)");
        case Steps:
            return tr("Steps");
        default:
            return {};
    }
}

}  // namespace hullft::ui
