#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include "pipeline/pipeline_settings.h"

namespace hullft::ui {

// What the query panel asks to run; the integrator's job factory turns it into a pipeline call.
// Defaults are the paper's settings, taken from PipelineSettings (their one definition).
struct QueryRequest {
    QString text;
    QString test_document_id;  // empty when typed or pasted
    QString method = QString::fromStdString(methodName(PipelineSettings{}.method));
    int n = PipelineSettings{}.n;  // multiset size N
    int k = PipelineSettings{}.k;  // preselected candidates K
    // r: recompute a repeated sequence's gradient every r-th time
    int refresh_interval = PipelineSettings{}.finetune.refresh_interval;
    double learning_rate = PipelineSettings{}.finetune.learning_rate;
    QString device = QStringLiteral("auto");  // auto | cpu | cuda
    int generate_tokens = static_cast<int>(PipelineSettings{}.generate_tokens);  // continuation length
    QString bpb_rule = QString::fromStdString(bpbRuleName(PipelineSettings{}.bpb_rule));  // which tokens BPB scores
    AdaptMode adapt = PipelineSettings{}.finetune.adapt;  // the model's own weights, or LoRA adapters
    int lora_rank = static_cast<int>(PipelineSettings{}.finetune.lora.rank);
    double lora_alpha = PipelineSettings{}.finetune.lora.alpha;
    QStringList lora_targets = [] {
        QStringList names;
        for (const std::string& name : PipelineSettings{}.finetune.lora.targets)
            names << QString::fromStdString(name);
        return names;
    }();
    QString adapter_directory;  // LoRA only: where the adapter is saved (PEFT layout); empty: not saved
};

}  // namespace hullft::ui

Q_DECLARE_METATYPE(hullft::ui::QueryRequest)
