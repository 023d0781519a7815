#include "support_set_model.h"

#include "store_manifest_text.h"

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

void SupportSetModel::setScoreMetric(const QString& metric) {
    score_metric_ = metric;
    emit headerDataChanged(Qt::Horizontal, Score, Score);
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
            // The Source column is elided in a narrow dock; the tooltip keeps the whole provenance.
            return tr("Sequence %1\nDomain: %2\nSource: %3").arg(row.sequence_id).arg(row.domain, row.source);
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
        case Score:
            return row.score ? QString::number(*row.score, 'f', 3) : QStringLiteral("–");
        case Weight:
            return QString::number(row.weight, 'f', 4);
        case Count:
            return row.count;
        default:
            return {};
    }
}

QVariant SupportSetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && section == Score && role == Qt::ToolTipRole) {
        return candidateScoreToolTip(score_metric_);
    }
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
        case Score:
            return candidateScoreHeader(score_metric_);
        case Weight:
            return weight_header_;
        case Count:
            return tr("Count");
        default:
            return {};
    }
}

}  // namespace hullft::ui
