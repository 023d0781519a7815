#pragma once

#include <QString>
#include <QVector>

namespace hullft::ui {

// A held-out test document the query panel offers, grouped by domain (e.g. a Pile subset).
struct TestDocument {
    QString id;
    QString domain;
    QString title;
    QString text;
};

using TestDocumentList = QVector<TestDocument>;

}  // namespace hullft::ui
