#include "method_comparison_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "method_comparison_model.h"
#include "themed_plot.h"

namespace hullft::ui {

MethodComparisonView::MethodComparisonView(QWidget* parent)
    : QWidget(parent),
      model_(new MethodComparisonModel(this)),
      table_(new QTableView(this)),
      plot_(
          new ThemedPlot(QStringLiteral("comparisonPlot"),
                         tr("BPB per method (left axis, lower is better) next to its wall time (right axis)"),
                         QString(), tr("BPB"), this)),
      summary_(new QLabel(tr("Run several methods on one query (Compare methods) to fill this view"), this)) {
    table_->setObjectName(QStringLiteral("comparisonTable"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setToolTip(tr("Bits per byte of the answer and wall time of each method on this query"));
    summary_->setObjectName(QStringLiteral("comparisonSummary"));
    summary_->setWordWrap(true);

    // BPB and time side by side per method, each against its own axis (left and right).
    plot_->yAxis2->setLabel(tr("seconds"));
    plot_->yAxis2->setVisible(true);
    bpb_bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    bpb_bars_->setName(tr("BPB"));
    time_bars_ = new QCPBars(plot_->xAxis, plot_->yAxis2);
    time_bars_->setName(tr("time (s)"));
    auto* group = new QCPBarsGroup(plot_);
    for (QCPBars* bars : {bpb_bars_, time_bars_}) {
        bars->setWidth(0.35);
        bars->setBarsGroup(group);
    }
    plot_->showLegendAbove();
    plot_->applyPalette();

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(table_);
    splitter->addWidget(plot_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1100, 900});  // whatever the table's preferred width
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(summary_);
    layout->addWidget(splitter, 1);
    restyle();
    connect(plot_, &ThemedPlot::themeChanged, this, &MethodComparisonView::restyle);
}

void MethodComparisonView::restyle() {
    const QColor bpb = plot_->seriesColor(0);
    bpb_bars_->setPen(QPen(bpb.darker(120)));
    bpb_bars_->setBrush(bpb);
    const QColor time = plot_->seriesColor(4);
    time_bars_->setPen(QPen(time.darker(120)));
    time_bars_->setBrush(time);
}

void MethodComparisonView::onQueryStarted(const QueryStartedEvent& event) {
    method_ = event.method;
    steps_ = 0;
    evaluation_.reset();
    if (event.text == query_text_) return;
    query_text_ = event.text;
    model_->clear();
    redrawBars();
}

void MethodComparisonView::onSelectionReady(const SelectionReadyEvent& event) {
    steps_ = static_cast<int>(event.training_order.size());
}

void MethodComparisonView::onEvaluation(const EvaluationEvent& event) { evaluation_ = event; }

void MethodComparisonView::onQueryFinished(const QueryFinishedEvent& event) {
    if (event.cancelled || !event.error.empty() || !evaluation_) return;
    MethodResult result;
    result.method = QString::fromStdString(method_);
    result.base_bpb = evaluation_->base_bpb;
    const bool base_answer = method_ == "base" || evaluation_->adapted_rejected;
    result.bpb = base_answer ? evaluation_->base_bpb : evaluation_->adapted_bpb;
    result.bpb_rule = QString::fromStdString(evaluation_->bpb_rule);
    result.seconds = event.total_seconds;
    result.steps = steps_;
    model_->upsert(result);
    redrawBars();
}

void MethodComparisonView::redrawBars() {
    const QVector<MethodResult>& results = model_->results();
    auto methods = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> positions, bpbs, seconds;
    QStringList rules;
    for (int i = 0; i < results.size(); ++i) {
        if (!rules.contains(results[i].bpb_rule)) rules << results[i].bpb_rule;
        positions << i + 1;
        bpbs << results[i].bpb;
        seconds << results[i].seconds;
        methods->addTick(i + 1, results[i].method);
    }
    bpb_bars_->setData(positions, bpbs, true);
    time_bars_->setData(positions, seconds, true);
    plot_->xAxis->setTicker(methods);
    plot_->xAxis->setRange(0.4, results.size() + 0.6);
    bool found = false;
    const QCPRange bpb_range = bpb_bars_->getValueRange(found);
    plot_->yAxis->setRange(0.0, found ? bpb_range.upper * 1.1 : 1.0);
    const QCPRange time_range = time_bars_->getValueRange(found);
    plot_->yAxis2->setRange(0.0, found ? time_range.upper * 1.1 : 1.0);
    if (!results.isEmpty()) {
        summary_->setText(tr("%1 method(s) finished on this query; lower BPB is better (BPB rule: %2)")
                              .arg(results.size())
                              .arg(rules.join(QStringLiteral(", "))));
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace hullft::ui
