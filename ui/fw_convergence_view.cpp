#include "fw_convergence_view.h"

#include <QLabel>
#include <algorithm>

#include "themed_plot.h"

namespace hullft::ui {

namespace {
// A log axis cannot show zero: an exact reconstruction is drawn at this floor.
constexpr double kResidualFloor = 1e-12;
}  // namespace

FwConvergenceView::FwConvergenceView(QWidget* parent)
    : PlotPage({QStringLiteral("fwPlot"), QStringLiteral("fwSummary"),
                tr("Residual norm of the convex reconstruction before each Frank-Wolfe step"),
                tr("iteration"), tr("residual ‖q − Xᵀw‖"), tr("No Frank-Wolfe run yet")},
               parent) {
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    plot_->yAxis->setNumberFormat(QStringLiteral("eb"));
    plot_->yAxis->setNumberPrecision(0);
    residuals_ = plot_->addGraph();
    residuals_->setName(tr("residual"));
    restyle();
}

void FwConvergenceView::restyle() {
    const QColor colour = plot_->seriesColor(0);
    residuals_->setPen(QPen(colour, 2));
    residuals_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, colour, plot_->palette().color(QPalette::Base), 6));
}

void FwConvergenceView::onQueryStarted(const QueryStartedEvent&) {
    residuals_->data()->clear();
    summary_->setText(tr("Waiting for Frank-Wolfe…"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void FwConvergenceView::onFwIteration(const FwIterationEvent& event) {
    const double residual = std::max(event.residual_norm, kResidualFloor);
    const bool first = residuals_->data()->isEmpty();
    smallest_ = first ? residual : std::min(smallest_, residual);
    largest_ = first ? residual : std::max(largest_, residual);
    residuals_->addData(event.iteration, residual);
    summary_->setText(tr("Iteration %1: residual %2, step γ = %3")
                          .arg(event.iteration)
                          .arg(event.residual_norm, 0, 'g', 4)
                          .arg(event.gamma, 0, 'g', 3));
    plot_->xAxis->setRange(-0.5, std::max(event.iteration, 1) + 0.5);
    plot_->yAxis->setRange(smallest_ / 2.0, largest_ * 2.0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace hullft::ui
