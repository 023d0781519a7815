#pragma once

#include <vector>

namespace hullft {
class SqliteDatabase;
}

namespace hullft::sessions {

// Version of the session file schema this build writes. Files carry it in PRAGMA user_version;
// a file from an older build is brought up to date by the migrations when opened for writing.
inline constexpr int kSchemaVersion = 3;

// The kind of the session header, record 1.
inline constexpr const char* kSessionHeaderKind = "session";

// One step from version - 1 to version. Steps only add; the records table never changes,
// so a newer build can still verify every older file.
struct Migration {
    int version;
    const char* description;
    const char* sql;
};

// Every migration, oldest first; migrations()[i].version == i + 1.
const std::vector<Migration>& migrations();

// The file's PRAGMA user_version.
int schemaVersion(const SqliteDatabase& db);

// Applies the pending migrations, each in its own transaction with its user_version bump.
void migrateToCurrent(const SqliteDatabase& db);

// Throws InputError when the file is not a HullFT session this build can read:
// no schema, a newer schema version, or missing tables or columns.
void checkReadable(const SqliteDatabase& db);

}  // namespace hullft::sessions
