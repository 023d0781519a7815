#include "model_store_location.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

#include "datastore/store_location.h"

namespace hullft::ui {

QString normalizedModelDirectory(const QString& model_directory) {
    const QFileInfo folder(model_directory);
    const QString canonical = folder.canonicalFilePath();  // empty when the folder does not exist
    return canonical.isEmpty() ? QDir::cleanPath(folder.absoluteFilePath()) : canonical;
}

QString modelStoreDirectory(const QString& model_directory) {
    const QString folder = normalizedModelDirectory(model_directory);
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(folder.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    return QString::fromStdString(hullftDataDirectory()) + QStringLiteral("/stores/") +
           QFileInfo(folder).fileName() + QLatin1Char('-') + hash;
}

}  // namespace hullft::ui
