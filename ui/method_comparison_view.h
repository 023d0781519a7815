#pragma once

#include <QWidget>
#include <optional>

#include "events/observer.h"

class QCPBars;
class QLabel;
class QTableView;

namespace hullft::ui {

class MethodComparisonModel;
class ThemedPlot;

// BPB and wall time of every method run to completion on the current query: a table and two
// bar charts. A run on a different query starts a new comparison.
class MethodComparisonView : public QWidget, public PipelineObserver {
    Q_OBJECT
public:
    explicit MethodComparisonView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onSelectionReady(const hullft::SelectionReadyEvent& event) override;
    void onEvaluation(const hullft::EvaluationEvent& event) override;
    void onQueryFinished(const hullft::QueryFinishedEvent& event) override;

private:
    void restyle();
    void redrawBars();

    MethodComparisonModel* model_;
    QTableView* table_;
    ThemedPlot* plot_;
    QCPBars* bpb_bars_;
    QCPBars* time_bars_;
    QLabel* summary_;
    std::string query_text_;
    std::string method_;
    int steps_ = 0;
    std::optional<EvaluationEvent> evaluation_;
};

}  // namespace hullft::ui
