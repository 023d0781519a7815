#include "signing_key_setting.h"

#include <QSettings>

namespace hullft::ui {
namespace {

const QString kKey = QStringLiteral("sessions/signingKey");

}  // namespace

QString signingKeySetting() { return QSettings().value(kKey).toString(); }

void setSigningKeySetting(const QString& path) {
    if (path.isEmpty()) QSettings().remove(kKey);
    else QSettings().setValue(kKey, path);
}

}  // namespace hullft::ui
