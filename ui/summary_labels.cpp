#include "summary_labels.h"

#include <QLabel>
#include <QLocale>

namespace hullft::ui {

QLabel* summaryValueLabel(QWidget* parent, const QString& object_name, const QString& text) {
    auto* label = new QLabel(text, parent);
    label->setObjectName(object_name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLabel* summaryProblemLabel(QWidget* parent, const QString& message) {
    QLabel* problem = summaryValueLabel(parent, QStringLiteral("errorValue"), message);
    problem->setWordWrap(true);
    problem->setStyleSheet(QStringLiteral("color: #c0392b"));
    return problem;
}

QString byteSizeText(qint64 bytes) {
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

}  // namespace hullft::ui
