#include "recent_paths.h"

#include <QSettings>
#include <utility>

namespace hullft::ui {

RecentPaths::RecentPaths(QString settings_key, int capacity)
    : settings_key_(std::move(settings_key)), capacity_(capacity) {}

QStringList RecentPaths::paths() const { return QSettings().value(settings_key_).toStringList(); }

void RecentPaths::remember(const QString& path) {
    QStringList recent = paths();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > capacity_) recent.removeLast();
    QSettings().setValue(settings_key_, recent);
}

}  // namespace hullft::ui
