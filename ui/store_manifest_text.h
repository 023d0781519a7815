#pragma once

#include <QString>

namespace hullft::ui {

// How the workbench words a store manifest's `metric` and `index_kind` (StoreFolderDialog, the
// query panel, the support table). Values a newer store may hold are shown as they are written.

// "inner product", "L2 distance (smaller is nearer)".
QString metricText(const QString& metric);

// "flat (exact)", "ivf (inverted lists, approximate)", "ivfpq (on-disk lists, exact re-ranking)".
QString indexKindText(const QString& index_kind);

// The support table's candidate-score column: "Inner product", "Squared L2"; "Retrieval score" when the
// metric is not known (a replayed session does not record it).
QString candidateScoreHeader(const QString& metric);
// Its tooltip: what the number is and which way is nearer.
QString candidateScoreToolTip(const QString& metric);

}  // namespace hullft::ui
