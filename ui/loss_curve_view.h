#pragma once

#include <optional>

#include "events/observer.h"
#include "plot_page.h"

class QCPGraph;

namespace hullft::ui {

// Training loss per finetune step, live. Computed steps carry a loss; reused steps (the
// cached gradient was applied) have none and are marked at the last computed loss with a
// hollow marker. Circuit-breaker trips are vertical lines with their reason.
class LossCurveView : public PlotPage, public PipelineObserver {
    Q_OBJECT
public:
    explicit LossCurveView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onFinetuneStep(const hullft::FinetuneStepEvent& event) override;
    void onCircuitBreaker(const hullft::CircuitBreakerEvent& event) override;

private:
    void restyle() override;
    void updateRanges();

    QCPGraph* computed_;
    QCPGraph* reused_;
    std::optional<double> last_loss_;
    int total_steps_ = 0;
    int last_step_ = -1;
};

}  // namespace hullft::ui
