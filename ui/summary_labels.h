#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace hullft::ui {

// The read-only value labels of the folder summaries (ModelFolderDialog, StoreFolderDialog):
// selectable, so a path or an identity can be copied, and named for tests.
QLabel* summaryValueLabel(QWidget* parent, const QString& object_name, const QString& text);

// Why a folder cannot be used, in red and wrapped (object name "errorValue").
QLabel* summaryProblemLabel(QWidget* parent, const QString& message);

// "1.2 GB": sizes on disk and in memory, in SI units as file managers write them.
QString byteSizeText(qint64 bytes);

}  // namespace hullft::ui
