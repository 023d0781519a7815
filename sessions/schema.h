#pragma once

namespace hullft::sessions {

// Version of the session file schema this build writes; older files are migrated on open.
inline constexpr int kSchemaVersion = 1;

}  // namespace hullft::sessions
