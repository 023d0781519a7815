#pragma once

#include <QWidget>

#include "event_metatypes.h"

class QCPGraph;
class QLabel;

namespace hullft::ui {

class ThemedPlot;

// Frank-Wolfe's residual norm ||q - Xᵀw|| per iteration on a log scale, filled live.
class FwConvergenceView : public QWidget {
    Q_OBJECT
public:
    explicit FwConvergenceView(QWidget* parent = nullptr);

public slots:
    void onQueryStarted(const hullft::QueryStartedEvent& event);
    void onFwIteration(const hullft::FwIterationEvent& event);

private:
    void restyle();

    ThemedPlot* plot_;
    QCPGraph* residuals_;
    QLabel* summary_;
    double smallest_ = 0.0;
    double largest_ = 0.0;
};

}  // namespace hullft::ui
