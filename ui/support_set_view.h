#pragma once

#include <QMap>
#include <QWidget>

#include "events/observer.h"
#include "sequence_lookup.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace hullft::ui {

class SupportSetModel;
struct SupportRow;

// The chosen sequences of each method run on the current query (HullFT, kNN, SIFT, ...), one
// method at a time, with the selected sequence's full text below the table.
class SupportSetView : public QWidget, public PipelineObserver {
    Q_OBJECT
public:
    explicit SupportSetView(QWidget* parent = nullptr);
    void setSequenceLookup(SequenceLookup lookup);
    // The metric of the store the candidates come from (SupportSetModel::setScoreMetric).
    void setScoreMetric(const QString& metric);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onCandidatesReady(const hullft::CandidatesReadyEvent& event) override;
    void onSelectionReady(const hullft::SelectionReadyEvent& event) override;

private:
    struct MethodSelection {
        SelectionReadyEvent selection;
        std::vector<Candidate> candidates;
    };
    void showMethod(const QString& method);
    void showSelectedText();
    SupportRow describe(const SupportPoint& point, const std::vector<Candidate>& candidates) const;

    SupportSetModel* model_;
    QComboBox* method_combo_;
    QTableView* table_;
    QPlainTextEdit* text_;
    QLabel* summary_;
    SequenceLookup lookup_;
    std::string query_text_;
    std::vector<Candidate> current_candidates_;
    QMap<QString, MethodSelection> selections_;
};

}  // namespace hullft::ui
