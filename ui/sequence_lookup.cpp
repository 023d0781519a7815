#include "sequence_lookup.h"

namespace hullft::ui {

QString provenanceText(const QString& package, const QString& path, const QString& part) {
    QString text = package.isEmpty() ? path : QStringLiteral("%1: %2").arg(package, path);
    if (!part.isEmpty()) text += QStringLiteral(" (%1)").arg(part);
    return text;
}

}  // namespace hullft::ui
