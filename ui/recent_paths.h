#pragma once

#include <QString>
#include <QStringList>

namespace hullft::ui {

// A most-recent-first list of files or folders kept in QSettings under one key (File > Recent
// sessions, File > Recent models): remembering a path again moves it to the front, and the
// oldest fall off past `capacity`.
class RecentPaths {
public:
    explicit RecentPaths(QString settings_key, int capacity = 8);

    QStringList paths() const;
    void remember(const QString& path);

private:
    QString settings_key_;
    int capacity_;
};

}  // namespace hullft::ui
