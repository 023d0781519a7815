#include "support_set_model.h"

namespace hullft::ui {

SupportSetModel::SupportSetModel(QObject* parent)
    : QAbstractTableModel(parent), weight_header_(tr("FW weight")) {}

void SupportSetModel::setRows(QVector<SupportRow> rows, const QString& weight_header) {
    beginResetModel();
    rows_ = std::move(rows);
    weight_header_ = weight_header;
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, Weight, Weight);
}

int SupportSetModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_.size(); }

int SupportSetModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SupportSetModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const SupportRow& row = rows_.at(index.row());
    switch (role) {
        case Qt::DisplayRole:
            return display(row, index.row() + 1, index.column());
        case Qt::ToolTipRole:
            return tr("Sequence %1").arg(row.sequence_id);
        case Qt::TextAlignmentRole:
            if (index.column() == Domain || index.column() == Source) return {};
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant SupportSetModel::display(const SupportRow& row, int rank, int column) const {
    switch (column) {
        case Rank:
            return rank;
        case Domain:
            return row.domain;
        case Source:
            return row.source;
        case Similarity:
            return row.similarity ? QString::number(*row.similarity, 'f', 3) : QStringLiteral("–");
        case Weight:
            return QString::number(row.weight, 'f', 4);
        case Count:
            return row.count;
        default:
            return {};
    }
}

QVariant SupportSetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Rank:
            return tr("Rank");
        case Domain:
            return tr("Domain");
        case Source:
            return tr("Source");
        case Similarity:
            return tr("Similarity");
        case Weight:
            return weight_header_;
        case Count:
            return tr("Count");
        default:
            return {};
    }
}

}  // namespace hullft::ui
