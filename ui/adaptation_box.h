#pragma once

#include <QGroupBox>
#include <QStringList>

#include "query_request.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace hullft::ui {

// The query panel's adaptation settings: finetune the model's own weights, or LoRA adapters over
// frozen weights (rank, alpha, target layers) whose adapter can be saved in PEFT's layout. The
// LoRA fields are enabled only while LoRA is chosen.
class AdaptationBox : public QGroupBox {
    Q_OBJECT
public:
    explicit AdaptationBox(QWidget* parent = nullptr);

    // Writes the box's settings into `request`; the adapter folder only with LoRA.
    void fillRequest(QueryRequest& request) const;
    void setRequest(const QueryRequest& request);
    // The loaded model's LoRA-able layers (last part of their module names). Targets the model
    // lacks give way to its default ones, so a new model does not start with a failing query.
    void setModelLayers(const QStringList& layers);

private:
    void enableLoraFields();
    void chooseAdapterFolder();
    // Targets the loaded model lacks give way to its default ones.
    void fitTargetsToModel();

    QComboBox* adapt_combo_;
    QSpinBox* rank_spin_;
    QDoubleSpinBox* alpha_spin_;
    QLineEdit* targets_edit_;
    QLineEdit* adapter_edit_;
    QToolButton* choose_adapter_button_;
    QStringList model_layers_;  // empty until a model is loaded
};

}  // namespace hullft::ui
