#include "store_folder_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <exception>
#include <optional>

#include "datastore/store.h"
#include "store_manifest_text.h"
#include "summary_labels.h"

namespace hullft::ui {

namespace {
constexpr int kSourcesShown = 8;   // a store imported from hundreds of shards lists the rest in the tooltip
constexpr int kSourceWidth = 420;  // pixels: fits the dialog's minimum width

QString domainCountsText(const StoreManifest& manifest) {
    QStringList lines;
    for (const auto& [domain, counts] : manifest.domains) {
        lines << QObject::tr("%1: %2 documents, %3 sequences")
                     .arg(QString::fromStdString(domain))
                     .arg(counts.documents)
                     .arg(counts.sequences);
    }
    return lines.isEmpty() ? QObject::tr("none recorded") : lines.join(QLatin1Char('\n'));
}

QStringList sourceList(const StoreManifest& manifest) {
    QStringList sources;
    for (const std::string& source : manifest.sources) sources << QString::fromStdString(source);
    return sources;
}

// Store::open checks everything a load needs (database, manifest, index size and dimension), so a
// folder it accepts will not fail the pipeline's load for being no store.
std::optional<StoreManifest> openManifest(const QString& store_directory, QString& problem) {
    QApplication::setOverrideCursor(Qt::WaitCursor);  // a large flat index takes a moment to map
    try {
        StoreManifest manifest = Store::open(store_directory.toStdString()).manifest();
        QApplication::restoreOverrideCursor();
        return manifest;
    } catch (
        const std::exception& error) {  // InputError names the folder or file; anything else still says why
        QApplication::restoreOverrideCursor();
        problem = QString::fromStdString(error.what());
        return std::nullopt;
    }
}
}  // namespace

qint64 folderDiskBytes(const QString& directory) {
    qint64 bytes = 0;
    QDirIterator files(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) bytes += QFileInfo(files.next()).size();
    return bytes;
}

StoreFolderDialog::StoreFolderDialog(const QString& store_directory, Purpose purpose, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("storeFolderDialog"));
    setWindowTitle(purpose == Purpose::Open ? tr("Open store") : tr("Datastore summary"));
    setMinimumWidth(560);
    auto* form = new QFormLayout;
    form->addRow(tr("Folder:"), summaryValueLabel(this, QStringLiteral("folderValue"), store_directory));
    if (const std::optional<StoreManifest> manifest = openManifest(store_directory, problem_)) {
        embedder_identity_ = QString::fromStdString(manifest->embedder_identity);
        embedder_description_ = QString::fromStdString(manifest->embedder_description);
        showSummary(*manifest, store_directory, *form);
    } else {
        form->addRow(tr("Cannot open:"), summaryProblemLabel(this, problem_));
    }
    addButtons(purpose);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons_);
}

void StoreFolderDialog::showSummary(const StoreManifest& manifest, const QString& store_directory,
                                    QFormLayout& form) {
    const auto row = [this, &form](const QString& label, const QString& name, const QString& text) {
        QLabel* value = summaryValueLabel(this, name, text);
        value->setWordWrap(true);
        form.addRow(label, value);
        return value;
    };
    row(tr("Embedder:"), QStringLiteral("embedderValue"), QString::fromStdString(manifest.embedder_identity))
        ->setToolTip(tr("Queries must be embedded by this same embedder"));
    row(tr("Embedded by:"), QStringLiteral("embedderDescriptionValue"),
        manifest.embedder_description.empty() ? tr("not recorded in the manifest")
                                              : QString::fromStdString(manifest.embedder_description));
    row(tr("Dimension:"), QStringLiteral("dimensionValue"), QString::number(manifest.dimension));
    row(tr("Metric:"), QStringLiteral("metricValue"), metricText(QString::fromStdString(manifest.metric)));
    row(tr("Index:"), QStringLiteral("indexValue"),
        indexKindText(QString::fromStdString(manifest.index_kind)));
    row(tr("Contents:"), QStringLiteral("countsValue"),
        tr("%1 documents, %2 sequences").arg(manifest.documents).arg(manifest.sequences));
    row(tr("Per domain:"), QStringLiteral("domainsValue"), domainCountsText(manifest));
    const QStringList sources = sourceList(manifest);
    // A source names a file and its SHA-256, which cannot wrap: each is elided in the middle.
    QStringList shown;
    for (const QString& source : sources.mid(0, kSourcesShown))
        shown << fontMetrics().elidedText(source, Qt::ElideMiddle, kSourceWidth);
    if (sources.size() > kSourcesShown) shown << tr("… and %1 more").arg(sources.size() - kSourcesShown);
    QLabel* sources_label = row(tr("Sources:"), QStringLiteral("sourcesValue"),
                                sources.isEmpty() ? tr("none recorded") : shown.join(QLatin1Char('\n')));
    sources_label->setWordWrap(false);
    sources_label->setToolTip(sources.join(QLatin1Char('\n')));
    row(tr("Sequences:"), QStringLiteral("sequenceLengthValue"),
        tr("up to %1 tokens (%2 tokenizer)")
            .arg(manifest.max_tokens)
            .arg(QString::fromStdString(manifest.tokenizer)));
    row(tr("Built:"), QStringLiteral("builtValue"),
        tr("%1 (last run %2 s)")
            .arg(QString::fromStdString(manifest.built_at))
            .arg(manifest.build_seconds, 0, 'f', 1));
    row(tr("Size on disk:"), QStringLiteral("diskValue"), byteSizeText(folderDiskBytes(store_directory)))
        ->setToolTip(tr("Every file in the folder: database, index and manifest"));
}

void StoreFolderDialog::addButtons(Purpose purpose) {
    if (purpose == Purpose::Inspect) {
        buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
        connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
        return;
    }
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* use = buttons_->button(QDialogButtonBox::Ok);
    use->setText(tr("Use store"));
    use->setEnabled(isUsable());
    use->setToolTip(
        isUsable()
            ? tr("Reload the model with this store; it stays chosen until another model or store is opened")
            : tr("This folder holds no usable store"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool needsEmbedderFolder(const QString& embedder_identity) { return embedder_identity.startsWith(QStringLiteral("hf-")); }

}  // namespace hullft::ui
