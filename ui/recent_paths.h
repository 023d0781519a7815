#pragma once

#include <QString>
#include <QStringList>

namespace hullft::ui {

// A most-recent-first list of files or folders kept in QSettings under one key (File > Recent
// sessions, models, stores): remembering a path again moves it to the front, and the oldest fall
// off past `capacity`.
class RecentPaths {
public:
    explicit RecentPaths(QString settings_key, int capacity = 8);

    QStringList paths() const;
    // The remembered folders that still exist: a menu never offers one that is gone.
    QStringList existingFolders() const;
    void remember(const QString& path);

private:
    QString settings_key_;
    int capacity_;
};

// A folder as the Recent menus remember it (and modelStoreDirectory hashes it): absolute,
// symbolic links resolved when it exists, no trailing slash, so one folder is one entry.
QString normalizedDirectory(const QString& directory);

}  // namespace hullft::ui
