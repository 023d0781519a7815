#pragma once

#include <QMetaType>
#include <QString>

namespace hullft::ui {

// What the query panel asks to run; the integrator's job factory turns it into a pipeline call.
// Defaults are the paper's settings.
struct QueryRequest {
    QString text;
    QString test_document_id;  // empty when typed or pasted
    QString method = QStringLiteral("hullft");
    int n = 20;                // multiset size N
    int k = 200;               // preselected candidates K
    int refresh_interval = 2;  // r: recompute a repeated sequence's gradient every r-th time
    double learning_rate = 5e-5;
    QString device = QStringLiteral("auto");  // auto | cpu | cuda
    int generate_tokens = 160;                // length of the base and adapted continuations
};

}  // namespace hullft::ui

Q_DECLARE_METATYPE(hullft::ui::QueryRequest)
