#include "adaptation_box.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

#include "finetune/finetune_settings.h"

namespace hullft::ui {

namespace {

QString targetsTooltip(const QStringList& model_layers) {
    QString tooltip = QObject::tr(
        "Layers that get LoRA adapters, comma-separated, by the last part of their module name as PEFT's "
        "target_modules: c_attn, c_proj, c_fc (GPT-2); q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, "
        "down_proj (Llama family); query_key_value, dense, dense_h_to_4h, dense_4h_to_h (GPT-NeoX)");
    if (!model_layers.isEmpty())
        tooltip += QObject::tr(".\nThe loaded model's: %1").arg(model_layers.join(QStringLiteral(", ")));
    return tooltip;
}

QStringList targetsOf(const QString& text) {
    QStringList targets;
    for (const QString& name : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!name.trimmed().isEmpty()) targets << name.trimmed();
    }
    return targets;
}

// PEFT's defaults: q_proj and v_proj where the model has them, else its first layer, the
// attention's input projection (c_attn for GPT-2, query_key_value for GPT-NeoX).
QStringList defaultTargets(const QStringList& model_layers) {
    const QStringList preferred = QueryRequest{}.lora_targets;
    bool all_present = true;
    for (const QString& name : preferred) all_present = all_present && model_layers.contains(name);
    if (all_present || model_layers.isEmpty()) return preferred;
    return {model_layers.first()};
}

}  // namespace

AdaptationBox::AdaptationBox(QWidget* parent) : QGroupBox(tr("Adaptation"), parent) {
    setObjectName(QStringLiteral("adaptationBox"));
    const QueryRequest defaults;
    adapt_combo_ = new QComboBox(this);
    adapt_combo_->setObjectName(QStringLiteral("adaptCombo"));
    adapt_combo_->addItem(tr("Full weights"), QVariant::fromValue(static_cast<int>(AdaptMode::Full)));
    adapt_combo_->addItem(tr("LoRA"), QVariant::fromValue(static_cast<int>(AdaptMode::Lora)));
    adapt_combo_->setToolTip(
        tr("Full weights: finetune the model's own parameters; LoRA: train low-rank "
           "adapters over frozen weights (the base is never written)"));
    rank_spin_ = new QSpinBox(this);
    rank_spin_->setObjectName(QStringLiteral("loraRankSpin"));
    rank_spin_->setRange(1, static_cast<int>(kMaxLoraRank));
    rank_spin_->setToolTip(tr("LoRA rank: the inner width of each adapter"));
    alpha_spin_ = new QDoubleSpinBox(this);
    alpha_spin_->setObjectName(QStringLiteral("loraAlphaSpin"));
    alpha_spin_->setRange(0.01, 1e6);
    alpha_spin_->setToolTip(tr("LoRA alpha: the update is scaled by alpha / rank"));
    targets_edit_ = new QLineEdit(this);
    targets_edit_->setObjectName(QStringLiteral("loraTargetsEdit"));
    targets_edit_->setPlaceholderText(
        tr("c_attn (GPT-2), q_proj,v_proj (Llama), query_key_value (GPT-NeoX)"));
    targets_edit_->setToolTip(targetsTooltip({}));
    adapter_edit_ = new QLineEdit(this);
    adapter_edit_->setObjectName(QStringLiteral("adapterFolderEdit"));
    adapter_edit_->setPlaceholderText(tr("not saved"));
    adapter_edit_->setClearButtonEnabled(true);
    adapter_edit_->setToolTip(tr(
        "A new or empty folder: a LoRA query that keeps its adaptation saves the adapter there "
        "(adapter_config.json, adapter_model.safetensors, as PEFT loads them). Compare methods saves none"));
    choose_adapter_button_ = new QToolButton(this);
    choose_adapter_button_->setObjectName(QStringLiteral("chooseAdapterFolderButton"));
    choose_adapter_button_->setText(tr("Choose…"));
    choose_adapter_button_->setToolTip(tr("Choose the folder the adapter is saved to"));

    auto* form = new QFormLayout(this);
    auto* mode = new QHBoxLayout;
    mode->addWidget(adapt_combo_);
    mode->addWidget(new QLabel(tr("Rank:"), this));
    mode->addWidget(rank_spin_);
    mode->addWidget(new QLabel(tr("Alpha:"), this));
    mode->addWidget(alpha_spin_);
    form->addRow(tr("Adapt:"), mode);
    form->addRow(tr("LoRA targets:"), targets_edit_);
    auto* save = new QHBoxLayout;
    save->addWidget(adapter_edit_, 1);
    save->addWidget(choose_adapter_button_);
    form->addRow(tr("Save adapter to:"), save);
    // Tighter than the style's spacing: with this box the panel must still fit an 800-pixel window.
    form->setContentsMargins(form->contentsMargins().left(), 2, form->contentsMargins().right(), 2);
    form->setVerticalSpacing(2);

    connect(adapt_combo_, &QComboBox::currentIndexChanged, this, &AdaptationBox::enableLoraFields);
    connect(choose_adapter_button_, &QToolButton::clicked, this, &AdaptationBox::chooseAdapterFolder);
    setRequest(defaults);
}

void AdaptationBox::fillRequest(QueryRequest& request) const {
    request.adapt = static_cast<AdaptMode>(adapt_combo_->currentData().toInt());
    request.lora_rank = rank_spin_->value();
    request.lora_alpha = alpha_spin_->value();
    request.lora_targets = targetsOf(targets_edit_->text());
    request.adapter_directory =
        request.adapt == AdaptMode::Lora ? adapter_edit_->text().trimmed() : QString();
}

void AdaptationBox::setRequest(const QueryRequest& request) {
    adapt_combo_->setCurrentIndex(adapt_combo_->findData(static_cast<int>(request.adapt)));
    rank_spin_->setValue(request.lora_rank);
    alpha_spin_->setValue(request.lora_alpha);
    targets_edit_->setText(request.lora_targets.join(QLatin1Char(',')));
    adapter_edit_->setText(request.adapter_directory);
    fitTargetsToModel();  // a request made without the model (a demo, a replay) keeps working
    enableLoraFields();
}

void AdaptationBox::setModelLayers(const QStringList& layers) {
    model_layers_ = layers;
    targets_edit_->setToolTip(targetsTooltip(layers));
    fitTargetsToModel();
}

void AdaptationBox::fitTargetsToModel() {
    if (model_layers_.isEmpty()) return;
    for (const QString& target : targetsOf(targets_edit_->text())) {
        if (!model_layers_.contains(target)) {
            targets_edit_->setText(defaultTargets(model_layers_).join(QLatin1Char(',')));
            return;
        }
    }
}

void AdaptationBox::enableLoraFields() {
    const bool lora = static_cast<AdaptMode>(adapt_combo_->currentData().toInt()) == AdaptMode::Lora;
    for (QWidget* field : std::initializer_list<QWidget*>{rank_spin_, alpha_spin_, targets_edit_,
                                                          adapter_edit_, choose_adapter_button_}) {
        field->setEnabled(lora);
    }
}

void AdaptationBox::chooseAdapterFolder() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Save the adapter to"), adapter_edit_->text());
    if (!folder.isEmpty()) adapter_edit_->setText(folder);
}

}  // namespace hullft::ui
