#include "sqlite_db.h"

#include <filesystem>

#include "session_error.h"

namespace hullft::sessions {
namespace {

// Caps on what one hostile file can make us allocate: a string or blob, and a SQL text.
constexpr int kMaxValueBytes = 64 << 20;
constexpr int kMaxSqlBytes = 1 << 20;

int openFlags(Database::Mode mode) {
    return mode == Database::Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
}

void checkPath(const std::string& path, Database::Mode mode) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (mode == Database::Mode::CreateNew) {
        if (fs::exists(status)) throw SessionFileError(path, "already exists; a session file is never overwritten");
        return;
    }
    if (!fs::exists(status)) throw SessionFileError(path, "no such file");
    if (!fs::is_regular_file(status)) throw SessionFileError(path, "not a regular file");
}

}  // namespace

Database::Database(const std::string& path, Mode mode) : path_(path) {
    checkPath(path, mode);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, openFlags(mode), nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail("cannot open");
    sqlite3_extended_result_codes(raw, 1);
    // The writer keeps to the reader's limit, so it never records what cannot be read back.
    sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
    if (mode == Mode::ReadOnly) harden();
}

void Database::harden() const {
    // SQLite's advice for untrusted database files (sqlite.org/security.html).
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_limit(handle(), SQLITE_LIMIT_SQL_LENGTH, kMaxSqlBytes);
    run("PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0;");
}

void Database::run(const std::string& script) const {
    const char* next = script.c_str();
    while (*next) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(handle(), next, -1, &raw, &tail) != SQLITE_OK) fail("SQL failed");
        const std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement(raw);
        next = tail;
        if (!raw) continue;  // whitespace or a comment
        int rc;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {}
        if (rc != SQLITE_DONE) fail("SQL failed");
    }
}

void Database::fail(const std::string& context) const {
    const int code = db_ ? sqlite3_errcode(handle()) & 0xff : SQLITE_CANTOPEN;
    const std::string message = db_ ? sqlite3_errmsg(handle()) : "out of memory";
    if (code == SQLITE_NOTADB) throw SessionFileError(path_, "not a SQLite database, so not a HullFT session");
    if (code == SQLITE_CORRUPT) throw SessionFileError(path_, "corrupt SQLite file (" + message + ")");
    if (code == SQLITE_TOOBIG) throw SessionFileError(path_, "a value is larger than the session reader accepts (" + message + ")");
    throw SessionFileError(path_, context + ": " + message);
}

Statement::Statement(const Database& db, const char* sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &raw, nullptr) != SQLITE_OK) db.fail("cannot prepare query");
    statement_.reset(raw);
}

Statement& Statement::bind(int index, int64_t value) {
    if (sqlite3_bind_int64(statement_.get(), index, value) != SQLITE_OK) db_.fail("cannot bind a value");
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    if (sqlite3_bind_text(statement_.get(), index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        db_.fail("cannot bind a value");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail("query failed");
}

void Statement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_.get(), column); }

std::string Statement::text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
    if (!bytes) return {};
    return std::string(bytes, static_cast<size_t>(sqlite3_column_bytes(statement_.get(), column)));
}

Transaction::Transaction(const Database& db) : db_(db) { db_.run("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!open_) return;
    // Destructors must not throw: a failed ROLLBACK leaves SQLite to roll back on close.
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.handle(), "ROLLBACK", -1, &raw, nullptr) == SQLITE_OK) sqlite3_step(raw);
    sqlite3_finalize(raw);
}

void Transaction::commit() {
    db_.run("COMMIT");
    open_ = false;
}

}  // namespace hullft::sessions
