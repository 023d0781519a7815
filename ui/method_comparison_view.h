#pragma once

#include <QWidget>
#include <optional>

#include "event_metatypes.h"

class QCPBars;
class QLabel;
class QTableView;

namespace hullft::ui {

class MethodComparisonModel;
class ThemedPlot;

// BPB and wall time of every method run to completion on the current query: a table and two
// bar charts. A run on a different query starts a new comparison.
class MethodComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit MethodComparisonView(QWidget* parent = nullptr);

public slots:
    void onQueryStarted(const hullft::QueryStartedEvent& event);
    void onSelectionReady(const hullft::SelectionReadyEvent& event);
    void onEvaluation(const hullft::EvaluationEvent& event);
    void onQueryFinished(const hullft::QueryFinishedEvent& event);

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
