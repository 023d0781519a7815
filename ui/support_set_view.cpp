#include "support_set_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "support_ranking.h"
#include "support_set_model.h"

namespace hullft::ui {

namespace {
QString weightHeader(const std::string& method) {
    if (hasConvexWeights(method)) return QObject::tr("FW weight");
    if (method == "knn") return QObject::tr("Score");
    if (method == "sift") return QObject::tr("Acquisition");
    return QObject::tr("Weight");
}
}  // namespace

SupportSetView::SupportSetView(QWidget* parent)
    : QWidget(parent),
      model_(new SupportSetModel(this)),
      method_combo_(new QComboBox(this)),
      table_(new QTableView(this)),
      text_(new QPlainTextEdit(this)),
      summary_(new QLabel(tr("No selection yet"), this)) {
    method_combo_->setObjectName(QStringLiteral("supportMethodCombo"));
    method_combo_->setToolTip(tr("Show the support chosen by another method run on this query"));
    method_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    table_->setObjectName(QStringLiteral("supportTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(SupportSetModel::Source, QHeaderView::Stretch);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->setAlternatingRowColors(true);
    table_->setToolTip(tr("The sequences the method trains on; select one to read it"));
    text_->setObjectName(QStringLiteral("supportText"));
    text_->setReadOnly(true);
    text_->setPlaceholderText(tr("Select a sequence to read its full text"));
    text_->setToolTip(tr("The full text of the selected training sequence, as stored in the datastore"));
    summary_->setObjectName(QStringLiteral("supportSummary"));
    summary_->setWordWrap(true);

    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Method:"), this));
    header->addWidget(method_combo_);
    header->addWidget(summary_, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(text_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    text_->setMinimumHeight(text_->fontMetrics().lineSpacing() * 2);
    splitter->setSizes({300, 60});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(splitter, 1);

    connect(method_combo_, &QComboBox::currentTextChanged, this, &SupportSetView::showMethod);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SupportSetView::showSelectedText);
}

void SupportSetView::setSequenceLookup(SequenceLookup lookup) { lookup_ = std::move(lookup); }

void SupportSetView::setScoreMetric(const QString& metric) { model_->setScoreMetric(metric); }

void SupportSetView::onQueryStarted(const QueryStartedEvent& event) {
    current_candidates_.clear();
    if (event.text == query_text_) return;  // another method on the same query: keep the others
    query_text_ = event.text;
    selections_.clear();
    method_combo_->clear();
    model_->setRows({}, weightHeader(event.method));
    summary_->setText(tr("Selecting…"));
    text_->clear();
}

void SupportSetView::onCandidatesReady(const CandidatesReadyEvent& event) {
    current_candidates_ = event.candidates;
}

void SupportSetView::onSelectionReady(const SelectionReadyEvent& event) {
    const QString method = QString::fromStdString(event.method);
    selections_.insert(method, {event, current_candidates_});
    if (method_combo_->findText(method) < 0) method_combo_->addItem(method);
    if (method_combo_->currentText() == method) {
        showMethod(method);
    } else {
        method_combo_->setCurrentText(method);
    }
}

void SupportSetView::showMethod(const QString& method) {
    const auto found = selections_.constFind(method);
    if (found == selections_.constEnd()) return;
    QVector<SupportRow> rows;
    for (const SupportPoint& point : rankedSupport(found->selection.support)) {
        rows.push_back(describe(point, found->candidates));
    }
    const auto steps = found->selection.training_order.size();
    model_->setRows(rows, weightHeader(found->selection.method));
    summary_->setText(tr("%1 sequences, %2 training steps, selected in %3 s")
                          .arg(rows.size())
                          .arg(steps)
                          .arg(found->selection.seconds, 0, 'f', 2));
    text_->clear();
}

SupportRow SupportSetView::describe(const SupportPoint& point,
                                    const std::vector<Candidate>& candidates) const {
    SupportRow row;
    row.sequence_id = point.sequence_id;
    row.weight = point.weight;
    row.count = point.count;
    const std::optional<SequenceInfo> info = lookup_ ? lookup_(point.sequence_id) : std::nullopt;
    row.domain = info ? info->domain : tr("unknown");
    row.source = info ? info->source : tr("sequence %1").arg(point.sequence_id);
    if (point.row >= 0 && point.row < static_cast<int64_t>(candidates.size())) {
        row.score = candidates[point.row].score;
    }
    return row;
}

void SupportSetView::showSelectedText() {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const SupportRow& row = model_->row(rows.first().row());
    const std::optional<SequenceInfo> info = lookup_ ? lookup_(row.sequence_id) : std::nullopt;
    text_->setPlainText(info ? info->text : tr("(no text available for sequence %1)").arg(row.sequence_id));
}

}  // namespace hullft::ui
