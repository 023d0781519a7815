#include "convex_hull_2d.h"

#include <algorithm>

namespace hullft::ui {

namespace {
// > 0 when o -> a -> b turns counter-clockwise.
double cross(const QPointF& o, const QPointF& a, const QPointF& b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

bool lexicographicLess(const QPointF& a, const QPointF& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
}
}  // namespace

QVector<QPointF> convexHull2d(QVector<QPointF> points) {
    std::sort(points.begin(), points.end(), lexicographicLess);
    points.erase(
        std::unique(points.begin(), points.end(),
                    [](const QPointF& a, const QPointF& b) { return a.x() == b.x() && a.y() == b.y(); }),
        points.end());
    if (points.size() < 3) return points;

    // Lower hull left to right, then upper hull right to left; pop every non-left turn.
    QVector<QPointF> hull(2 * points.size());
    int size = 0;
    for (const QPointF& p : points) {
        while (size >= 2 && cross(hull[size - 2], hull[size - 1], p) <= 0) --size;
        hull[size++] = p;
    }
    const int lowerSize = size + 1;
    for (int i = points.size() - 2; i >= 0; --i) {
        while (size >= lowerSize && cross(hull[size - 2], hull[size - 1], points[i]) <= 0) --size;
        hull[size++] = points[i];
    }
    hull.resize(size - 1);  // the last point repeats the first
    return hull;
}

}  // namespace hullft::ui
