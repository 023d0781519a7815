#include "model_store_location.h"

#include <QCryptographicHash>
#include <QFileInfo>

#include "datastore/store_location.h"
#include "recent_paths.h"

namespace hullft::ui {

QString modelStoreDirectory(const QString& model_directory) {
    const QString folder = normalizedDirectory(model_directory);
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(folder.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    return QString::fromStdString(hullftDataDirectory()) + QStringLiteral("/stores/") +
           QFileInfo(folder).fileName() + QLatin1Char('-') + hash;
}

}  // namespace hullft::ui
