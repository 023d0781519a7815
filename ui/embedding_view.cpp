#include "embedding_view.h"

#include <QLabel>
#include <algorithm>
#include <cmath>

#include "convex_hull_2d.h"
#include "themed_plot.h"

namespace hullft::ui {

namespace {
constexpr int kSizeBuckets = 5;
constexpr double kSmallestMarker = 7.0;
constexpr double kMarkerStep = 4.0;
}  // namespace

EmbeddingView::EmbeddingView(QWidget* parent)
    : PlotPage({QStringLiteral("embeddingPlot"), QStringLiteral("embeddingSummary"),
                tr("Candidates projected on their first two principal components"), tr("PC 1"), tr("PC 2"),
                tr("No candidates yet")},
               parent) {
    hull_ = new QCPCurve(plot_->xAxis, plot_->yAxis);
    hull_->setName(tr("hull"));
    candidates_ = plot_->addGraph();
    candidates_->setName(tr("candidates"));
    candidates_->setLineStyle(QCPGraph::lsNone);
    for (int bucket = 0; bucket < kSizeBuckets; ++bucket) {
        QCPGraph* graph = plot_->addGraph();
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setName(tr("support (size ∝ w)"));
        if (bucket > 0) graph->removeFromLegend();
        support_by_size_.push_back(graph);
    }
    reconstruction_ = plot_->addGraph();
    reconstruction_->setName(tr("reconstruction"));
    reconstruction_->setLineStyle(QCPGraph::lsNone);
    query_ = plot_->addGraph();
    query_->setName(tr("query"));
    query_->setLineStyle(QCPGraph::lsNone);
    plot_->showLegendAbove(3);
    restyle();
}

void EmbeddingView::restyle() {
    QColor candidate = plot_->textColor();
    candidate.setAlpha(90);
    candidates_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, candidate, 4));
    const QColor support = plot_->seriesColor(0);
    for (int bucket = 0; bucket < kSizeBuckets; ++bucket) {
        QColor fill = support;
        fill.setAlpha(170);
        support_by_size_[bucket]->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, support, fill,
                                                                  kSmallestMarker + kMarkerStep * bucket));
    }
    QColor hullFill = support;
    hullFill.setAlpha(40);
    hull_->setPen(QPen(support, 1.5, Qt::DashLine));
    hull_->setBrush(hullFill);
    const QColor query = plot_->seriesColor(1);
    query_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(query, 2.5), Qt::NoBrush, 16));
    const QColor reconstruction = plot_->seriesColor(2);
    reconstruction_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(reconstruction, 2), Qt::NoBrush, 12));
}

void EmbeddingView::onQueryStarted(const QueryStartedEvent&) {
    projection_.reset();
    selection_.reset();
    summary_->setText(tr("Waiting for the candidates' projection…"));
    redraw();
}

void EmbeddingView::onEmbeddingProjection(const EmbeddingProjectionEvent& event) {
    projection_ = event;
    redraw();
}

void EmbeddingView::onSelectionReady(const SelectionReadyEvent& event) {
    selection_ = event;
    redraw();
}

void EmbeddingView::redraw() {
    candidates_->data()->clear();
    query_->data()->clear();
    reconstruction_->data()->clear();
    hull_->data()->clear();
    for (QCPGraph* graph : support_by_size_) graph->data()->clear();
    if (projection_) {
        const auto size =
            static_cast<int>(std::min(projection_->candidate_x.size(), projection_->candidate_y.size()));
        QVector<double> xs(projection_->candidate_x.begin(), projection_->candidate_x.begin() + size);
        QVector<double> ys(projection_->candidate_y.begin(), projection_->candidate_y.begin() + size);
        candidates_->setData(xs, ys);
        query_->addData(projection_->query_x, projection_->query_y);
        reconstruction_->addData(projection_->reconstruction_x, projection_->reconstruction_y);
        summary_->setText(tr("%1 candidates; the two components explain %2% of their variance")
                              .arg(size)
                              .arg(100.0 * projection_->explained_variance, 0, 'f', 1));
        if (selection_) drawSupport(*projection_, *selection_);
        plot_->rescaleAxes();
        plot_->xAxis->scaleRange(1.1);
        plot_->yAxis->scaleRange(1.1);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EmbeddingView::drawSupport(const EmbeddingProjectionEvent& projection,
                                const SelectionReadyEvent& selection) {
    double heaviest = 0.0;
    for (const SupportPoint& point : selection.support) heaviest = std::max(heaviest, std::abs(point.weight));
    QVector<QPointF> points;
    for (const SupportPoint& point : selection.support) {
        if (point.row < 0 || point.row >= static_cast<int64_t>(projection.candidate_x.size()) ||
            point.row >= static_cast<int64_t>(projection.candidate_y.size())) {
            continue;
        }
        const QPointF position(projection.candidate_x[point.row], projection.candidate_y[point.row]);
        const double share = heaviest > 0.0 ? std::abs(point.weight) / heaviest : 1.0;
        const int bucket = std::min(kSizeBuckets - 1, static_cast<int>(share * kSizeBuckets));
        support_by_size_[bucket]->addData(position.x(), position.y());
        points.push_back(position);
    }
    QVector<QPointF> hull = convexHull2d(points);
    if (hull.size() >= 3) hull.push_back(hull.front());  // close the outline
    QVector<double> xs, ys;
    for (const QPointF& p : hull) {
        xs << p.x();
        ys << p.y();
    }
    hull_->setData(xs, ys);
}

}  // namespace hullft::ui
