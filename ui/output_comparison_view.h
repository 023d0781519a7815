#pragma once

#include <QWidget>
#include <optional>

#include "events/observer.h"

class QLabel;
class QTextBrowser;

namespace hullft::ui {

// Base and adapted model side by side: BPB of each (and the rule that scored it), the query
// coloured by per-token loss under
// each model and by their difference (green where adaptation helped, red where it hurt), and
// the two generated continuations.
class OutputComparisonView : public QWidget, public PipelineObserver {
    Q_OBJECT
public:
    explicit OutputComparisonView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onEvaluation(const hullft::EvaluationEvent& event) override;
    void onGeneration(const hullft::GenerationEvent& event) override;

protected:
    void changeEvent(QEvent* event) override;

private:
    QTextBrowser* addPane(const QString& object_name, const QString& tooltip);
    void renderLosses();
    void renderContinuations();

    QLabel* base_bpb_;
    QLabel* adapted_bpb_;
    QLabel* difference_bpb_;
    QLabel* bpb_rule_;
    QTextBrowser* base_losses_;
    QTextBrowser* adapted_losses_;
    QTextBrowser* difference_losses_;
    QTextBrowser* base_continuation_;
    QTextBrowser* adapted_continuation_;
    QLabel* legend_;
    std::string query_text_;
    std::optional<EvaluationEvent> evaluation_;
    std::optional<GenerationEvent> generation_;
};

}  // namespace hullft::ui
