#pragma once

#include <QPointF>
#include <QVector>

namespace hullft::ui {

// The convex hull of 2D points (Andrew's monotone chain), counter-clockwise, starting at the
// leftmost (then lowest) point, without repeating it and without collinear points on the edges.
// Fewer than three distinct points come back as they are (deduplicated, sorted).
QVector<QPointF> convexHull2d(QVector<QPointF> points);

}  // namespace hullft::ui
