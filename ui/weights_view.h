#pragma once

#include <QWidget>

#include "events/observer.h"

class QCPBars;
class QCPGraph;
class QLabel;

namespace hullft::ui {

class ThemedPlot;

// The latest selection's weights (bar chart, ranked like the support table) and its integer
// multiset: counts next to N * weights, the target integerization rounds.
class WeightsView : public QWidget, public PipelineObserver {
    Q_OBJECT
public:
    explicit WeightsView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onSelectionReady(const hullft::SelectionReadyEvent& event) override;

private:
    void restyle();

    ThemedPlot* weights_plot_;
    ThemedPlot* counts_plot_;
    QCPBars* weight_bars_;
    QCPBars* count_bars_;
    QCPGraph* scaled_weights_;  // N * weight per support point
    QLabel* summary_;
};

}  // namespace hullft::ui
