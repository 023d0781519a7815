#include "output_comparison_view.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "token_heatmap.h"

namespace hullft::ui {

namespace {
const QColor kLossHeat(230, 90, 30);
const QColor kHelped(0, 158, 115);
const QColor kHurt(213, 60, 40);
// At most this share of the heat colour, so the palette's text stays readable on top.
constexpr double kStrongestMix = 0.7;

QColor mix(const QColor& base, const QColor& heat, double share) {
    const double t = std::clamp(share, 0.0, 1.0) * kStrongestMix;
    return QColor::fromRgbF(base.redF() * (1 - t) + heat.redF() * t,
                            base.greenF() * (1 - t) + heat.greenF() * t,
                            base.blueF() * (1 - t) + heat.blueF() * t);
}

// The value that saturates the colour scale: the 95th percentile of |value|, so one outlier
// token does not wash out the rest.
double colourScale(std::vector<double> values) {
    for (double& v : values) v = std::abs(v);
    if (values.empty()) return 1.0;
    const size_t at = static_cast<size_t>(0.95 * (values.size() - 1));
    std::nth_element(values.begin(), values.begin() + at, values.end());
    return values[at] > 0.0 ? values[at] : 1.0;
}

// The text as HTML, each run of characters with the same colour in one span.
QString heatmapHtml(const QVector<HeatmapCharacter>& characters,
                    const std::function<QColor(double)>& colour) {
    QString html = QStringLiteral("<p style=\"white-space: pre-wrap; margin: 0\">");
    QString run;
    QString run_colour;
    auto flush = [&] {
        if (run.isEmpty()) return;
        html += run_colour.isEmpty() ? run.toHtmlEscaped()
                                     : QStringLiteral("<span style=\"background-color:%1\">%2</span>")
                                           .arg(run_colour, run.toHtmlEscaped());
        run.clear();
    };
    for (const HeatmapCharacter& character : characters) {
        const QString name = character.value ? colour(*character.value).name() : QString();
        if (name != run_colour) flush();
        run_colour = name;
        run += character.text;
    }
    flush();
    return html + QStringLiteral("</p>");
}

QString bpbText(double bpb) { return QObject::tr("%1 bits/byte").arg(bpb, 0, 'f', 3); }
}  // namespace

OutputComparisonView::OutputComparisonView(QWidget* parent)
    : QWidget(parent),
      base_bpb_(new QLabel(this)),
      adapted_bpb_(new QLabel(this)),
      difference_bpb_(new QLabel(this)),
      bpb_rule_(new QLabel(this)),
      legend_(new QLabel(this)) {
    base_bpb_->setObjectName(QStringLiteral("baseBpbLabel"));
    adapted_bpb_->setObjectName(QStringLiteral("adaptedBpbLabel"));
    difference_bpb_->setObjectName(QStringLiteral("differenceBpbLabel"));
    bpb_rule_->setObjectName(QStringLiteral("bpbRuleLabel"));
    base_losses_ = addPane(QStringLiteral("baseLossText"),
                           tr("The query coloured by per-token loss under the base model"));
    adapted_losses_ = addPane(QStringLiteral("adaptedLossText"),
                              tr("The query coloured by per-token loss under the adapted model"));
    difference_losses_ =
        addPane(QStringLiteral("differenceLossText"),
                tr("Adapted minus base loss: green where adaptation helped, red where it hurt"));
    base_continuation_ =
        addPane(QStringLiteral("baseContinuation"), tr("What the base model generates after the query"));
    adapted_continuation_ = addPane(QStringLiteral("adaptedContinuation"),
                                    tr("What the adapted model generates after the query"));
    legend_->setWordWrap(true);
    legend_->setText(
        tr("Stronger shade: higher loss. Difference: green where adaptation lowered the loss, "
           "red where it raised it (one predicted token per byte)."));

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    const QStringList headers = {tr("<b>Base:</b>"), tr("<b>Adapted:</b>"), tr("<b>ΔBPB:</b>")};
    const QList<QLabel*> bpbs = {base_bpb_, adapted_bpb_, difference_bpb_};
    const QList<QTextBrowser*> losses = {base_losses_, adapted_losses_, difference_losses_};
    for (int column = 0; column < 3; ++column) {
        auto* title = new QHBoxLayout;
        title->addWidget(new QLabel(headers[column], this));
        title->addWidget(bpbs[column], 1);
        if (column == 2) title->addWidget(bpb_rule_);
        grid->addLayout(title, 0, column);
        grid->addWidget(losses[column], 1, column);
        grid->setColumnStretch(column, 1);
    }
    grid->addWidget(base_continuation_, 2, 0);
    grid->addWidget(adapted_continuation_, 2, 1);
    grid->addWidget(legend_, 2, 2, Qt::AlignTop);
    grid->setRowStretch(1, 3);
    grid->setRowStretch(2, 2);
    onQueryStarted({});
}

QTextBrowser* OutputComparisonView::addPane(const QString& object_name, const QString& tooltip) {
    auto* pane = new QTextBrowser(this);
    pane->setObjectName(object_name);
    pane->setToolTip(tooltip);
    pane->setOpenLinks(false);
    pane->setMinimumHeight(40);
    return pane;
}

void OutputComparisonView::onQueryStarted(const QueryStartedEvent& event) {
    query_text_ = event.text;
    evaluation_.reset();
    generation_.reset();
    for (QLabel* label : {base_bpb_, adapted_bpb_, difference_bpb_}) label->setText(QStringLiteral("–"));
    bpb_rule_->clear();
    bpb_rule_->setToolTip(QString());
    for (QTextBrowser* pane : {base_losses_, adapted_losses_, difference_losses_}) pane->clear();
    base_continuation_->setPlaceholderText(tr("Base continuation appears after evaluation"));
    adapted_continuation_->setPlaceholderText(tr("Adapted continuation appears after evaluation"));
    base_continuation_->clear();
    adapted_continuation_->clear();
}

void OutputComparisonView::onEvaluation(const EvaluationEvent& event) {
    evaluation_ = event;
    base_bpb_->setText(bpbText(event.base_bpb));
    adapted_bpb_->setText(bpbText(event.adapted_bpb) +
                          (event.adapted_rejected ? tr(", rejected") : QString()));
    adapted_bpb_->setToolTip(
        event.adapted_rejected ? tr("The circuit breaker rejected the adapted model; the base answer is kept")
                               : QString());
    const double change = event.adapted_bpb - event.base_bpb;
    difference_bpb_->setText(tr("%1%2 (%3 %)")
                                 .arg(change > 0 ? QStringLiteral("+") : QString())
                                 .arg(change, 0, 'f', 4)
                                 .arg(event.base_bpb > 0 ? 100.0 * change / event.base_bpb : 0.0, 0, 'f', 1));
    bpb_rule_->setText(tr("BPB rule: %1").arg(QString::fromStdString(event.bpb_rule)));
    bpb_rule_->setToolTip(event.bpb_rule == "reference"
                              ? tr("The reference's rule: only the first window of tokens is scored, over every byte "
                                   "of the query")
                              : tr("Every token after the first is scored (in sliding windows beyond the model's "
                                   "context), over every byte of the query"));
    renderLosses();
}

void OutputComparisonView::onGeneration(const GenerationEvent& event) {
    generation_ = event;
    renderContinuations();
}

void OutputComparisonView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange) return;
    renderLosses();
    renderContinuations();
}

void OutputComparisonView::renderLosses() {
    if (!evaluation_) return;
    const QByteArray utf8 = QByteArray::fromStdString(query_text_);
    const QColor background = palette().color(QPalette::Base);
    std::vector<double> both = evaluation_->base_token_losses;
    both.insert(both.end(), evaluation_->adapted_token_losses.begin(),
                evaluation_->adapted_token_losses.end());
    const double loss_scale = colourScale(both);
    auto loss_colour = [&](double loss) { return mix(background, kLossHeat, loss / loss_scale); };
    base_losses_->setHtml(heatmapHtml(characterHeatmap(utf8, evaluation_->base_token_losses), loss_colour));
    adapted_losses_->setHtml(
        heatmapHtml(characterHeatmap(utf8, evaluation_->adapted_token_losses), loss_colour));

    const std::vector<double> difference =
        tokenLossDifference(evaluation_->base_token_losses, evaluation_->adapted_token_losses);
    const double difference_scale = colourScale(difference);
    auto difference_colour = [&](double change) {
        return mix(background, change < 0 ? kHelped : kHurt, std::abs(change) / difference_scale);
    };
    difference_losses_->setHtml(heatmapHtml(characterHeatmap(utf8, difference), difference_colour));
}

void OutputComparisonView::renderContinuations() {
    if (!generation_) return;
    // The prompt's end in the palette's dimmed text, the continuation in normal text.
    constexpr int kPromptTail = 60;
    QString prompt = QString::fromStdString(generation_->prompt);
    if (prompt.size() > kPromptTail) prompt = QStringLiteral("…") + prompt.right(kPromptTail);
    const QString prompt_colour = palette().color(QPalette::PlaceholderText).name();
    auto html = [&](const std::string& continuation) {
        return QStringLiteral(
                   "<p style=\"white-space: pre-wrap; margin: 0\"><span style=\"color:%1\">%2</span>%3</p>")
            .arg(prompt_colour, prompt.toHtmlEscaped(), QString::fromStdString(continuation).toHtmlEscaped());
    };
    for (auto [pane, continuation] : {std::pair{base_continuation_, &generation_->base_continuation},
                                      std::pair{adapted_continuation_, &generation_->adapted_continuation}}) {
        pane->setHtml(html(*continuation));
        pane->moveCursor(QTextCursor::End);  // the continuation, not the prompt, in view
    }
}

}  // namespace hullft::ui
