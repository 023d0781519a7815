#pragma once

#include "events/observer.h"
#include "plot_page.h"

class QCPGraph;

namespace hullft::ui {

// Frank-Wolfe's residual norm ||q - Xᵀw|| per iteration on a log scale, filled live.
class FwConvergenceView : public PlotPage, public PipelineObserver {
    Q_OBJECT
public:
    explicit FwConvergenceView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onFwIteration(const hullft::FwIterationEvent& event) override;

private:
    void restyle() override;

    QCPGraph* residuals_;
    double smallest_ = 0.0;
    double largest_ = 0.0;
};

}  // namespace hullft::ui
