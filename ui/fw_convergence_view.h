#pragma once

#include "event_metatypes.h"
#include "plot_page.h"

class QCPGraph;

namespace hullft::ui {

// Frank-Wolfe's residual norm ||q - Xᵀw|| per iteration on a log scale, filled live.
class FwConvergenceView : public PlotPage {
    Q_OBJECT
public:
    explicit FwConvergenceView(QWidget* parent = nullptr);

public slots:
    void onQueryStarted(const hullft::QueryStartedEvent& event);
    void onFwIteration(const hullft::FwIterationEvent& event);

private:
    void restyle() override;

    QCPGraph* residuals_;
    double smallest_ = 0.0;
    double largest_ = 0.0;
};

}  // namespace hullft::ui
