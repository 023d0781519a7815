#pragma once

#include <QString>

namespace hullft::ui {

// The workbench's session-signing setting (File > Sign sessions with a key…): the Ed25519 private
// key file that signs the chain head of every session the workbench records, kept across runs in
// QSettings. Empty: sessions are recorded unsigned.
QString signingKeySetting();
void setSigningKeySetting(const QString& path);

}  // namespace hullft::ui
