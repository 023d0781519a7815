#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;

namespace hullft::ui {

// File > Open model: what a model folder holds (architecture, parameters, stored dtype, shape,
// size on disk, memory loaded and for full finetuning) and the datastore its queries will use,
// shown before anything loads. A folder that cannot be read shows why, naming the file, and
// cannot be confirmed.
class ModelFolderDialog : public QDialog {
    Q_OBJECT
public:
    ModelFolderDialog(const QString& model_directory, const QString& store_directory,
                      QWidget* parent = nullptr);

    // Whether the folder could be read: only then does Load accept the dialog.
    bool isLoadable() const { return loadable_; }

private:
    void showSummary(const QString& model_directory, QFormLayout& form);
    void showStore(const QString& store_directory, QFormLayout& form);

    QDialogButtonBox* buttons_;
    bool loadable_ = false;
};

// "135.5 M", "1.24 B": parameter counts the way model cards write them.
QString parameterCountText(qint64 parameters);

}  // namespace hullft::ui
