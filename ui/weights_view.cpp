#include "weights_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <numeric>

#include "support_ranking.h"
#include "themed_plot.h"

namespace hullft::ui {

WeightsView::WeightsView(QWidget* parent)
    : QWidget(parent),
      weights_plot_(new ThemedPlot(QStringLiteral("weightsPlot"),
                                   tr("Weight of each support sequence, in rank order"), tr("support rank"),
                                   tr("weight"), this)),
      counts_plot_(new ThemedPlot(QStringLiteral("countsPlot"),
                                  tr("Integer counts of the training multiset against N × weight"),
                                  tr("support rank"), tr("times trained"), this)),
      summary_(new QLabel(tr("No selection yet"), this)) {
    weight_bars_ = new QCPBars(weights_plot_->xAxis, weights_plot_->yAxis);
    weight_bars_->setName(tr("weight"));

    count_bars_ = new QCPBars(counts_plot_->xAxis, counts_plot_->yAxis);
    count_bars_->setName(tr("count"));
    scaled_weights_ = counts_plot_->addGraph();
    scaled_weights_->setName(tr("N × weight"));
    scaled_weights_->setLineStyle(QCPGraph::lsNone);
    counts_plot_->showLegendAbove();

    for (ThemedPlot* plot : {weights_plot_, counts_plot_}) {
        auto ranks = QSharedPointer<QCPAxisTickerFixed>::create();
        ranks->setTickStep(1.0);
        ranks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        plot->xAxis->setTicker(ranks);
    }
    summary_->setObjectName(QStringLiteral("weightsSummary"));
    summary_->setWordWrap(true);
    auto* plots = new QHBoxLayout;
    plots->addWidget(weights_plot_, 1);
    plots->addWidget(counts_plot_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(summary_);
    layout->addLayout(plots, 1);

    restyle();
    connect(weights_plot_, &ThemedPlot::themeChanged, this, &WeightsView::restyle);
    connect(counts_plot_, &ThemedPlot::themeChanged, this, &WeightsView::restyle);
}

void WeightsView::restyle() {
    const QColor weight = weights_plot_->seriesColor(0);
    weight_bars_->setPen(QPen(weight.darker(120)));
    weight_bars_->setBrush(weight);
    const QColor count = counts_plot_->seriesColor(2);
    count_bars_->setPen(QPen(count.darker(120)));
    count_bars_->setBrush(count);
    const QColor target = counts_plot_->seriesColor(1);
    scaled_weights_->setPen(QPen(target, 2));
    scaled_weights_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, target, target, 8));
}

void WeightsView::onQueryStarted(const QueryStartedEvent&) {
    weight_bars_->data()->clear();
    count_bars_->data()->clear();
    scaled_weights_->data()->clear();
    summary_->setText(tr("Selecting…"));
    weights_plot_->replot(QCustomPlot::rpQueuedReplot);
    counts_plot_->replot(QCustomPlot::rpQueuedReplot);
}

void WeightsView::onSelectionReady(const SelectionReadyEvent& event) {
    const std::vector<SupportPoint> ranked = rankedSupport(event.support);
    const bool convex = hasConvexWeights(event.method);
    const int n = std::accumulate(ranked.begin(), ranked.end(), 0,
                                  [](int sum, const SupportPoint& p) { return sum + p.count; });
    QVector<double> ranks, weights, counts, scaled;
    for (size_t i = 0; i < ranked.size(); ++i) {
        ranks << static_cast<double>(i + 1);
        weights << ranked[i].weight;
        counts << ranked[i].count;
        scaled << n * ranked[i].weight;
    }
    weight_bars_->setData(ranks, weights, true);
    count_bars_->setData(ranks, counts, true);
    // Only convex weights have a meaningful N × weight target; scores (kNN, SIFT) do not.
    scaled_weights_->setData(convex ? ranks : QVector<double>{}, convex ? scaled : QVector<double>{}, true);
    scaled_weights_->setVisible(convex);
    scaled_weights_->removeFromLegend();
    if (convex) scaled_weights_->addToLegend();
    weights_plot_->yAxis->setLabel(convex ? tr("convex weight") : tr("score"));
    summary_->setText(tr("%1: %2 support points, N = %3")
                          .arg(QString::fromStdString(event.method))
                          .arg(ranked.size())
                          .arg(n));
    for (ThemedPlot* plot : {weights_plot_, counts_plot_}) {
        plot->rescaleAxes();
        plot->xAxis->setRange(0.4, ranked.size() + 0.6);
        plot->yAxis->setRangeLower(0.0);
        plot->yAxis->scaleRange(1.08, 0.0);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

}  // namespace hullft::ui
