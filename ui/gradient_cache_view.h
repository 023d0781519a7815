#pragma once

#include <QWidget>

#include "events/observer.h"

class QCPGraph;
class QLabel;
class QGridLayout;
class QProgressBar;

namespace hullft::ui {

class ThemedPlot;

// What gradient reuse saved so far: hits, misses, hit rate, forward-backward passes and time
// saved, cache memory; with cumulative hits and misses per step, live.
class GradientCacheView : public QWidget, public PipelineObserver {
    Q_OBJECT
public:
    explicit GradientCacheView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onFinetuneStep(const hullft::FinetuneStepEvent& event) override;

private:
    QLabel* addValue(const QString& name, const QString& object_name, const QString& tooltip);
    void restyle();
    void showEmpty();
    void showMemory(const FinetuneStepEvent& event);

    QLabel* hits_;
    QLabel* misses_;
    QLabel* hit_rate_;
    QLabel* passes_saved_;
    QLabel* time_saved_;
    QLabel* memory_;
    QProgressBar* hit_rate_bar_;
    ThemedPlot* plot_;
    QCPGraph* cumulative_hits_;
    QCPGraph* cumulative_misses_;
    QGridLayout* values_;
    int64_t peak_bytes_ = 0;
};

}  // namespace hullft::ui
