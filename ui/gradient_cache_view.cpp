#include "gradient_cache_view.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>
#include <algorithm>

#include "themed_plot.h"

namespace hullft::ui {

GradientCacheView::GradientCacheView(QWidget* parent)
    : QWidget(parent),
      plot_(new ThemedPlot(QStringLiteral("cachePlot"), tr("Cumulative hits and misses per finetune step"),
                           tr("finetune step"), tr("steps"), this)),
      values_(new QGridLayout) {
    hits_ = addValue(tr("Hits"), QStringLiteral("cacheHitsLabel"), tr("Steps that reused a cached gradient"));
    misses_ =
        addValue(tr("Misses"), QStringLiteral("cacheMissesLabel"), tr("Steps that computed their gradient"));
    hit_rate_ = addValue(tr("Hit rate"), QStringLiteral("cacheHitRateLabel"), tr("Hits / (hits + misses)"));
    hit_rate_bar_ = new QProgressBar(this);
    hit_rate_bar_->setObjectName(QStringLiteral("cacheHitRateBar"));
    hit_rate_bar_->setRange(0, 100);
    hit_rate_bar_->setToolTip(tr("Share of finetune steps served from the gradient cache"));
    passes_saved_ = addValue(tr("Passes saved"), QStringLiteral("cachePassesSavedLabel"),
                             tr("Forward-backward passes the reused steps did not run"));
    time_saved_ = addValue(tr("Time saved"), QStringLiteral("cacheTimeSavedLabel"),
                           tr("Reused steps × mean cost of a computed step"));
    memory_ = addValue(tr("Cache memory"), QStringLiteral("cacheMemoryLabel"),
                       tr("Most bytes the gradient cache held during the run, and what it holds now: a "
                          "gradient is kept only while a repeat of its sequence is still to reuse it"));

    cumulative_misses_ = plot_->addGraph();
    cumulative_misses_->setName(tr("misses (computed)"));
    cumulative_misses_->setLineStyle(QCPGraph::lsStepLeft);
    cumulative_hits_ = plot_->addGraph();
    cumulative_hits_->setName(tr("hits (reused)"));
    cumulative_hits_->setLineStyle(QCPGraph::lsStepLeft);
    plot_->showLegendAbove();

    values_->setColumnStretch(1, 1);
    values_->setColumnStretch(3, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(values_);
    layout->addWidget(hit_rate_bar_);
    layout->addWidget(plot_, 1);
    showEmpty();
    restyle();
    connect(plot_, &ThemedPlot::themeChanged, this, &GradientCacheView::restyle);
}

QLabel* GradientCacheView::addValue(const QString& name, const QString& object_name, const QString& tooltip) {
    auto* value = new QLabel(this);
    value->setObjectName(object_name);
    value->setToolTip(tooltip);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Two name-value pairs a row.
    const int index = values_->count() / 2;
    const int row = index / 2;
    const int column = 2 * (index % 2);
    values_->addWidget(new QLabel(name + QLatin1Char(':'), this), row, column);
    values_->addWidget(value, row, column + 1);
    return value;
}

void GradientCacheView::restyle() {
    cumulative_misses_->setPen(QPen(plot_->seriesColor(0), 2));
    cumulative_hits_->setPen(QPen(plot_->seriesColor(4), 2));
}

void GradientCacheView::showEmpty() {
    for (QLabel* label : {hits_, misses_, hit_rate_, passes_saved_, time_saved_, memory_}) {
        label->setText(QStringLiteral("–"));
    }
    hit_rate_bar_->setValue(0);
    peak_bytes_ = 0;
}

void GradientCacheView::onQueryStarted(const QueryStartedEvent&) {
    showEmpty();
    cumulative_hits_->data()->clear();
    cumulative_misses_->data()->clear();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GradientCacheView::onFinetuneStep(const FinetuneStepEvent& event) {
    const int64_t steps = event.cache_hits + event.cache_misses;
    const double rate = steps > 0 ? static_cast<double>(event.cache_hits) / steps : 0.0;
    hits_->setText(QString::number(event.cache_hits));
    misses_->setText(QString::number(event.cache_misses));
    hit_rate_->setText(QStringLiteral("%1 %").arg(100.0 * rate, 0, 'f', 1));
    hit_rate_bar_->setValue(qRound(100.0 * rate));
    // Every hit skips one forward-backward pass.
    passes_saved_->setText(tr("%1 of %2").arg(event.cache_hits).arg(steps));
    time_saved_->setText(tr("%1 s").arg(event.seconds_saved, 0, 'f', 2));
    showMemory(event);
    cumulative_hits_->addData(event.step, static_cast<double>(event.cache_hits));
    cumulative_misses_->addData(event.step, static_cast<double>(event.cache_misses));
    plot_->xAxis->setRange(-0.5, std::max(event.total_steps, event.step + 1) - 0.5);
    plot_->yAxis->setRange(0.0, std::max<int64_t>(1, std::max(event.cache_hits, event.cache_misses)) * 1.1);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void GradientCacheView::showMemory(const FinetuneStepEvent& event) {
    peak_bytes_ = std::max(peak_bytes_, event.cache_bytes);
    // Nothing is cached when no gradient will be reused (r = 1, kNN, or no repeated sequence).
    if (peak_bytes_ == 0) {
        memory_->setText(event.cache_hits == 0 ? tr("nothing cached: no step reuses a gradient") : tr("0 B"));
        return;
    }
    const QLocale locale;
    memory_->setText(
        tr("%1 peak, %2 now")
            .arg(locale.formattedDataSize(peak_bytes_), locale.formattedDataSize(event.cache_bytes)));
}

}  // namespace hullft::ui
