#include "recent_paths.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <utility>

namespace hullft::ui {

RecentPaths::RecentPaths(QString settings_key, int capacity)
    : settings_key_(std::move(settings_key)), capacity_(capacity) {}

QStringList RecentPaths::paths() const { return QSettings().value(settings_key_).toStringList(); }

QStringList RecentPaths::existingFolders() const {
    QStringList existing;
    for (const QString& directory : paths()) {
        if (QFileInfo(directory).isDir()) existing << directory;
    }
    return existing;
}

void RecentPaths::remember(const QString& path) {
    QStringList recent = paths();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > capacity_) recent.removeLast();
    QSettings().setValue(settings_key_, recent);
}

QString normalizedDirectory(const QString& directory) {
    const QFileInfo folder(directory);
    const QString canonical = folder.canonicalFilePath();  // empty when the folder does not exist
    return canonical.isEmpty() ? QDir::cleanPath(folder.absoluteFilePath()) : canonical;
}

}  // namespace hullft::ui
