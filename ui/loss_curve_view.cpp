#include "loss_curve_view.h"

#include <QLabel>

#include "themed_plot.h"

namespace hullft::ui {

namespace {
const char* const kBreakerLayer = "breakers";
}

LossCurveView::LossCurveView(QWidget* parent)
    : PlotPage({QStringLiteral("lossPlot"), QStringLiteral("lossSummary"),
                tr("Training loss per step; hollow markers are steps that reused a cached gradient"),
                tr("finetune step"), tr("loss (nats/token)"), tr("No finetuning yet")},
               parent) {
    computed_ = plot_->addGraph();
    computed_->setName(tr("computed step"));
    reused_ = plot_->addGraph();
    reused_->setName(tr("reused gradient (at last loss)"));
    reused_->setLineStyle(QCPGraph::lsNone);
    plot_->showLegendAbove();
    plot_->addLayer(QString::fromLatin1(kBreakerLayer));
    restyle();
}

void LossCurveView::restyle() {
    const QColor computed = plot_->seriesColor(0);
    computed_->setPen(QPen(computed, 2));
    computed_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, computed, 7));
    const QColor reused = plot_->seriesColor(4);
    reused_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(reused, 2), Qt::NoBrush, 9));
}

void LossCurveView::onQueryStarted(const QueryStartedEvent&) {
    computed_->data()->clear();
    reused_->data()->clear();
    plot_->clearItems();
    last_loss_.reset();
    total_steps_ = 0;
    last_step_ = -1;
    summary_->setText(tr("Waiting for the first finetune step…"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossCurveView::onFinetuneStep(const FinetuneStepEvent& event) {
    total_steps_ = event.total_steps;
    last_step_ = event.step;
    if (event.computed && event.loss) {
        last_loss_ = *event.loss;
        computed_->addData(event.step, *event.loss);
    } else if (last_loss_) {
        reused_->addData(event.step, *last_loss_);
    }
    summary_->setText(tr("Step %1 of %2: %3, lr %4")
                          .arg(event.step + 1)
                          .arg(event.total_steps)
                          .arg(event.loss ? tr("loss %1").arg(*event.loss, 0, 'f', 3) : tr("reused gradient"))
                          .arg(event.learning_rate, 0, 'g', 3));
    updateRanges();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossCurveView::onCircuitBreaker(const CircuitBreakerEvent& event) {
    // Raised after finetuning (step -1): mark just after the last step.
    const double x = event.step >= 0 ? event.step : last_step_ + 0.5;
    const QColor colour = plot_->seriesColor(1);
    auto* line = new QCPItemStraightLine(plot_);
    line->setObjectName(QStringLiteral("circuitBreakerLine"));
    line->setLayer(QString::fromLatin1(kBreakerLayer));
    line->setPen(QPen(colour, 2, Qt::DashLine));
    line->point1->setCoords(x, 0.0);
    line->point2->setCoords(x, 1.0);
    auto* label = new QCPItemText(plot_);
    label->setObjectName(QStringLiteral("circuitBreakerLabel"));
    label->setLayer(QString::fromLatin1(kBreakerLayer));
    label->setColor(colour);
    label->setFont(font());
    // Text on the side of the line with more room.
    const bool early = x < std::max(total_steps_, last_step_ + 1) / 2.0;
    label->setPositionAlignment((early ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignTop);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, 0.04);
    label->setPadding(early ? QMargins(6, 0, 0, 0) : QMargins(0, 0, 6, 0));
    label->setText(tr("circuit breaker: %1").arg(QString::fromStdString(event.reason)));
    const QString where = event.step >= 0 ? tr("at step %1").arg(event.step) : tr("after finetuning");
    summary_->setText(tr("Circuit breaker %1: %2%3")
                          .arg(where, QString::fromStdString(event.reason))
                          .arg(event.base_restored ? tr(" (base weights restored)") : QString()));
    updateRanges();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossCurveView::updateRanges() {
    plot_->xAxis->setRange(-0.5, std::max(total_steps_, last_step_ + 1));
    bool found = false;
    QCPRange losses = computed_->data()->valueRange(found);
    if (!found) return;
    const double margin = std::max(0.05, 0.1 * losses.size());
    plot_->yAxis->setRange(losses.lower - margin, losses.upper + margin);
}

}  // namespace hullft::ui
