#pragma once

#include <QVector>
#include <optional>

#include "events/observer.h"
#include "plot_page.h"

class QCPCurve;
class QCPGraph;

namespace hullft::ui {

// The candidates in their first two principal components, the support sized by weight with
// its convex hull, the query, and the reconstruction Xᵀw: why the support covers the query.
// Projection and selection may arrive in either order; the view draws what it has.
class EmbeddingView : public PlotPage, public PipelineObserver {
    Q_OBJECT
public:
    explicit EmbeddingView(QWidget* parent = nullptr);

    // The pipeline events this view shows (PipelineObserver), on the GUI thread.
    void onQueryStarted(const hullft::QueryStartedEvent& event) override;
    void onEmbeddingProjection(const hullft::EmbeddingProjectionEvent& event) override;
    void onSelectionReady(const hullft::SelectionReadyEvent& event) override;

private:
    void restyle() override;
    void redraw();
    void drawSupport(const EmbeddingProjectionEvent& projection, const SelectionReadyEvent& selection);

    QCPGraph* candidates_;
    QVector<QCPGraph*> support_by_size_;  // one graph per marker size bucket, reused
    QCPGraph* query_;
    QCPGraph* reconstruction_;
    QCPCurve* hull_;
    std::optional<EmbeddingProjectionEvent> projection_;
    std::optional<SelectionReadyEvent> selection_;
};

}  // namespace hullft::ui
