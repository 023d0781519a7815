#pragma once

// Edits a session file the way an attacker with the sqlite3 shell would, with one extra SQL
// function, record_hash(seq, kind, query_id, payload, prev_hash), to forge valid-looking records.

#include <sqlite3.h>

#include <QString>
#include <string>

#include "hash_chain.h"

namespace hullft::sessions::testing {

inline void recordHashFunction(sqlite3_context* context, int, sqlite3_value** values) {
    const auto text = [&](int i) {
        const auto* bytes = reinterpret_cast<const char*>(sqlite3_value_text(values[i]));
        return std::string(bytes ? bytes : "", static_cast<size_t>(sqlite3_value_bytes(values[i])));
    };
    const std::string hash = recordHash(sqlite3_value_int64(values[0]), text(1), text(2), text(3), text(4));
    sqlite3_result_text(context, hash.c_str(), -1, SQLITE_TRANSIENT);
}

// Runs `sql` on the file; returns SQLite's error message, empty on success.
inline QString tamper(const std::string& path, const QString& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_create_function(db, "record_hash", 5, SQLITE_UTF8, nullptr, recordHashFunction, nullptr, nullptr);
    char* error = nullptr;
    sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &error);
    const QString message = error ? QString::fromUtf8(error) : QString();
    sqlite3_free(error);
    sqlite3_close(db);
    return message;
}

inline const QString kDropGuards = "DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete; ";

// SQL that replaces record 43's payload and re-hashes it and the chain head, as an attacker
// who knows the format would: the chain verifies, only the payload itself is wrong.
inline QString rewriteLastPayload(const QString& payloadSql) {
    return kDropGuards + "UPDATE records SET payload = " + payloadSql + " WHERE seq = 43; " +
           "UPDATE records SET hash = record_hash(seq, kind, query_id, payload, prev_hash) WHERE seq = 43; "
           "UPDATE chain_head SET head_hash = (SELECT hash FROM records WHERE seq = 43);";
}

}  // namespace hullft::sessions::testing
