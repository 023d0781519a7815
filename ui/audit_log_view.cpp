#include "audit_log_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include "audit_log_filter.h"
#include "audit_log_model.h"

namespace hullft::ui {

AuditLogView::AuditLogView(QWidget* parent)
    : QWidget(parent),
      model_(new AuditLogModel(this)),
      filter_(new AuditLogFilter(this)),
      filter_edit_(new QLineEdit(this)),
      kind_combo_(new QComboBox(this)),
      count_(new QLabel(this)),
      table_(new QTableView(this)) {
    filter_->setSourceModel(model_);
    filter_edit_->setObjectName(QStringLiteral("auditFilterEdit"));
    filter_edit_->setPlaceholderText(tr("Filter events…"));
    filter_edit_->setClearButtonEnabled(true);
    filter_edit_->setToolTip(tr("Show only events whose columns contain this text"));
    kind_combo_->setObjectName(QStringLiteral("auditKindCombo"));
    kind_combo_->setToolTip(tr("Show only one kind of event"));
    kind_combo_->addItem(tr("All kinds"), QString());
    for (const QString& kind : auditKinds()) kind_combo_->addItem(kind, kind);
    count_->setObjectName(QStringLiteral("auditCountLabel"));
    table_->setObjectName(QStringLiteral("auditTable"));
    table_->setToolTip(tr("Every event of the session, newest last; filter by kind or text above"));
    table_->setModel(filter_);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(false);
    // Fixed widths fitting typical values, so the summary gets the rest of a narrow dock.
    const QFontMetrics metrics = table_->fontMetrics();
    const int padding = 2 * metrics.horizontalAdvance(QLatin1Char(' '));
    table_->setColumnWidth(AuditLogModel::Time,
                           metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + padding);
    table_->setColumnWidth(AuditLogModel::Method,
                           metrics.horizontalAdvance(QStringLiteral("hullft")) + 2 * padding);
    table_->setColumnWidth(AuditLogModel::Kind,
                           metrics.horizontalAdvance(QStringLiteral("finetune step")) + padding);
    table_->setColumnWidth(AuditLogModel::Step,
                           metrics.horizontalAdvance(QStringLiteral("Step")) + 2 * padding);

    auto* controls = new QHBoxLayout;
    controls->addWidget(filter_edit_, 1);
    controls->addWidget(kind_combo_);
    controls->addWidget(count_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(table_, 1);

    connect(filter_edit_, &QLineEdit::textChanged, this, [this](const QString& text) {
        filter_->setText(text);
        updateCount();
    });
    connect(kind_combo_, &QComboBox::currentIndexChanged, this, [this] {
        filter_->setKind(kind_combo_->currentData().toString());
        updateCount();
    });
    updateCount();
}

void AuditLogView::beginRun(const QString& method) { method_ = method; }

void AuditLogView::record(AuditEntry entry) {
    // Follow new events only when the user is already looking at the end of the log.
    QScrollBar* scroll = table_->verticalScrollBar();
    const bool at_end = scroll->value() == scroll->maximum();
    entry.method = method_;
    model_->append(entry);
    updateCount();
    if (at_end) table_->scrollToBottom();
}

void AuditLogView::onAnyEvent(const PipelineEvent& event) {
    if (const auto* started = std::get_if<QueryStartedEvent>(&event)) beginRun(QString::fromStdString(started->method));
    record(describeEvent(event));
}

int AuditLogView::entryCount() const { return model_->rowCount(); }

void AuditLogView::updateCount() {
    count_->setText(tr("%1 of %2 events").arg(filter_->rowCount()).arg(model_->rowCount()));
}

}  // namespace hullft::ui
