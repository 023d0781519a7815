#include "model_folder_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <exception>

#include "model/model_folder_summary.h"
#include "store_build_job.h"
#include "summary_labels.h"

namespace hullft::ui {

QString parameterCountText(qint64 parameters) {
    const double count = static_cast<double>(parameters);
    if (count >= 1e9) return QStringLiteral("%1 B").arg(count / 1e9, 0, 'f', 2);
    if (count >= 1e6) return QStringLiteral("%1 M").arg(count / 1e6, 0, 'f', 1);
    if (count >= 1e3) return QStringLiteral("%1 k").arg(count / 1e3, 0, 'f', 1);
    return QString::number(parameters);
}

ModelFolderDialog::ModelFolderDialog(const QString& model_directory, const QString& store_directory,
                                     QWidget* parent)
    : QDialog(parent), buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("modelFolderDialog"));
    setWindowTitle(tr("Open model"));
    setMinimumWidth(520);
    auto* form = new QFormLayout;
    form->addRow(tr("Folder:"), summaryValueLabel(this, QStringLiteral("folderValue"), model_directory));
    showSummary(model_directory, *form);
    showStore(store_directory, *form);

    QPushButton* load = buttons_->button(QDialogButtonBox::Ok);
    load->setText(tr("Load"));
    load->setEnabled(loadable_);
    load->setToolTip(loadable_ ? tr("Load the model and its datastore on a worker thread")
                               : tr("This folder cannot be loaded"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons_);
}

// describeModelFolder reads config.json and the safetensors headers only (the files are mapped,
// their tensors never touched): milliseconds even for a sharded multi-gigabyte model, so it runs
// here on the GUI thread rather than behind a worker and a busy state.
void ModelFolderDialog::showSummary(const QString& model_directory, QFormLayout& form) {
    ModelFolderSummary summary;
    try {
        summary = describeModelFolder(model_directory.toStdString());
    } catch (const std::exception& error) {  // InputError names the file; anything else still says why
        form.addRow(tr("Cannot load:"), summaryProblemLabel(this, QString::fromStdString(error.what())));
        return;
    }
    loadable_ = true;
    const auto row = [this, &form](const QString& label, const QString& name, const QString& text) {
        QLabel* value = summaryValueLabel(this, name, text);
        form.addRow(label, value);
        return value;
    };
    row(tr("Architecture:"), QStringLiteral("architectureValue"),
        QString::fromStdString(summary.architecture));
    row(tr("Parameters:"), QStringLiteral("parametersValue"), parameterCountText(summary.parameters))
        ->setToolTip(tr("%1 parameters").arg(summary.parameters));
    row(tr("Stored as:"), QStringLiteral("dtypeValue"), QString::fromStdString(summary.dtype));
    row(tr("Layers × hidden:"), QStringLiteral("shapeValue"),
        QStringLiteral("%1 × %2").arg(summary.layers).arg(summary.hidden_size));
    row(tr("Vocabulary:"), QStringLiteral("vocabularyValue"), tr("%1 tokens").arg(summary.vocab_size));
    row(tr("Context:"), QStringLiteral("contextValue"), tr("%1 tokens").arg(summary.context_length));
    row(tr("Size on disk:"), QStringLiteral("diskValue"), byteSizeText(summary.file_bytes));
    row(tr("Memory loaded:"), QStringLiteral("loadedMemoryValue"),
        tr("%1 (float32)").arg(byteSizeText(summary.loaded_bytes)));
    row(tr("Full finetuning:"), QStringLiteral("finetuneMemoryValue"),
        tr("%1 + activations").arg(byteSizeText(summary.full_finetune_bytes)))
        ->setToolTip(tr("The weights, the base snapshot, the gradients and Adam's two moments, in float32"));
}

void ModelFolderDialog::showStore(const QString& store_directory, QFormLayout& form) {
    QLabel* store = summaryValueLabel(
        this, QStringLiteral("datastoreValue"),
        storeIsBuilt(store_directory)
            ? store_directory
            : tr("%1\n(not built yet: it is built with this model before loading)").arg(store_directory));
    store->setWordWrap(true);
    store->setToolTip(tr("Queries retrieve from a datastore embedded by the same model"));
    form.addRow(tr("Datastore:"), store);
}

}  // namespace hullft::ui
