#pragma once

#include <QMetaType>
#include <QString>

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
};

}  // namespace hullft::ui

Q_DECLARE_METATYPE(hullft::ui::QueryRequest)
