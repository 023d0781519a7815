#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;

namespace hullft {
struct StoreManifest;
}

namespace hullft::ui {

// What a datastore folder holds, from its manifest: embedder identity and description,
// dimension, metric, index kind, documents and sequences (per domain), sources, when it was built
// and its size on disk. Shown by File > Open store before the store is used (Purpose::Open: "Use
// store" or Cancel) and by the query panel's Store summary button (Purpose::Inspect: Close). A
// folder that holds no complete store shows why, naming the folder, and cannot be used.
class StoreFolderDialog : public QDialog {
    Q_OBJECT
public:
    enum class Purpose { Open, Inspect };

    StoreFolderDialog(const QString& store_directory, Purpose purpose, QWidget* parent = nullptr);

    // Whether the folder holds a store that opens: only then does "Use store" accept the dialog.
    bool isUsable() const { return problem_.isEmpty(); }
    // Why the folder cannot be used (core's message, naming the folder or file); empty if it can.
    const QString& problem() const { return problem_; }
    // The manifest's embedder identity and description (empty when the folder is not usable).
    const QString& embedderIdentity() const { return embedder_identity_; }
    const QString& embedderDescription() const { return embedder_description_; }

private:
    void showSummary(const StoreManifest& manifest, const QString& store_directory, QFormLayout& form);
    void addButtons(Purpose purpose);

    QDialogButtonBox* buttons_ = nullptr;
    QString problem_;
    QString embedder_identity_, embedder_description_;
};

// Whether a store's embedder identity names a Hugging Face embedding folder (queries need it).
bool needsEmbedderFolder(const QString& embedder_identity);

// The bytes of every file under `directory` (the index lists of an ivfpq store included).
qint64 folderDiskBytes(const QString& directory);

}  // namespace hullft::ui
