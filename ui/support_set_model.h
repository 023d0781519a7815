#pragma once

#include <QAbstractTableModel>
#include <QVector>
#include <optional>

#include "sequence_lookup.h"

namespace hullft::ui {

// One chosen sequence as the support table shows it.
struct SupportRow {
    int64_t sequence_id = 0;
    QString domain;
    QString source;
    std::optional<double> score;  // retrieval score under the store's metric, when the candidate is known
    double weight = 0.0;
    int count = 0;
};

// The support set of one method's selection, ranked (row 0 = rank 1).
class SupportSetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Domain, Source, Score, Weight, Count, ColumnCount };

    explicit SupportSetModel(QObject* parent = nullptr);

    // `weight_header` names what the weight is for this method ("FW weight", "score", ...).
    void setRows(QVector<SupportRow> rows, const QString& weight_header);
    // The store's metric ("inner_product", "l2"; empty when unknown) names the Score column:
    // an L2 store's scores are squared distances, smaller is nearer.
    void setScoreMetric(const QString& metric);
    const SupportRow& row(int index) const { return rows_.at(index); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const SupportRow& row, int rank, int column) const;

    QVector<SupportRow> rows_;
    QString weight_header_;
    QString score_metric_;
};

}  // namespace hullft::ui
