#include "store_manifest_text.h"

#include <QObject>

namespace hullft::ui {

namespace {
const QString kInnerProduct = QStringLiteral("inner_product");
const QString kL2 = QStringLiteral("l2");
}  // namespace

QString metricText(const QString& metric) {
    if (metric == kInnerProduct) return QObject::tr("inner product");
    if (metric == kL2) return QObject::tr("L2 distance (smaller is nearer)");
    return metric;
}

QString indexKindText(const QString& index_kind) {
    if (index_kind == QLatin1String("flat")) return QObject::tr("flat (exact)");
    if (index_kind == QLatin1String("ivf")) return QObject::tr("ivf (inverted lists, approximate)");
    if (index_kind == QLatin1String("ivfpq")) return QObject::tr("ivfpq (on-disk lists, exact re-ranking)");
    return index_kind;
}

QString candidateScoreHeader(const QString& metric) {
    if (metric == kInnerProduct) return QObject::tr("Inner product");
    if (metric == kL2) return QObject::tr("Squared L2");
    return metric.isEmpty() ? QObject::tr("Retrieval score") : metric;
}

QString candidateScoreToolTip(const QString& metric) {
    if (metric == kInnerProduct)
        return QObject::tr("Inner product of the sequence's vector with the query's: larger is nearer");
    if (metric == kL2)
        return QObject::tr(
            "Squared L2 distance between the sequence's vector and the query's: smaller is nearer");
    if (metric.isEmpty()) return QObject::tr("The retrieval score; the store's metric is not known here");
    return QObject::tr("The retrieval score under the store's metric, %1").arg(metric);
}

}  // namespace hullft::ui
