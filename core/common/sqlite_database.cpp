#include "common/sqlite_database.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "common/errors.h"

namespace hullft {
namespace {

// Caps on what one hostile file can make us allocate: a string or blob, and a SQL text.
constexpr int kMaxValueBytes = 64 << 20;
constexpr int kMaxSqlBytes = 1 << 20;
// How long a writer waits for another connection's transaction before giving up.
constexpr int kBusyTimeoutMs = 5000;

int openFlags(SqliteDatabase::Mode mode) {
    return mode == SqliteDatabase::Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
}

void checkPath(const std::string& path, SqliteDatabase::Mode mode) {
    if (mode != SqliteDatabase::Mode::ReadOnly) return;
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) throw InputError(path, "no such file");
    if (!S_ISREG(status.st_mode)) throw InputError(path, "not a regular file");
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, Mode mode) : path_(path), mode_(mode) {
    checkPath(path, mode);
    sqlite3* raw = nullptr;
    const int status = sqlite3_open_v2(path.c_str(), &raw, openFlags(mode), nullptr);
    db_.reset(raw);
    if (status != SQLITE_OK) fail("cannot open");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // Writers keep to the reader's limit, so nothing is written that cannot be read back.
    sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
    if (mode == Mode::ReadOnly) harden();
}

void SqliteDatabase::harden() const {
    // SQLite's advice for untrusted database files (sqlite.org/security.html).
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(handle(), SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_limit(handle(), SQLITE_LIMIT_SQL_LENGTH, kMaxSqlBytes);
    execute("PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0;");
}

void SqliteDatabase::execute(const std::string& script) const {
    const char* next = script.c_str();
    while (*next) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(handle(), next, -1, &raw, &tail) != SQLITE_OK) fail("SQL failed");
        const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, &sqlite3_finalize);
        next = tail;
        if (!raw) continue;  // whitespace or a comment
        int status;
        while ((status = sqlite3_step(raw)) == SQLITE_ROW) {
        }
        if (status != SQLITE_DONE) fail("SQL failed");
    }
}

SqliteStatement SqliteDatabase::prepare(const std::string& sql) const { return SqliteStatement(*this, sql); }

void SqliteDatabase::fail(const std::string& context) const {
    const int code = db_ ? sqlite3_extended_errcode(handle()) : SQLITE_NOMEM;
    const std::string message = db_ ? sqlite3_errmsg(handle()) : "out of memory";
    const int systemError = db_ ? sqlite3_system_errno(handle()) : 0;
    // What the OS said, when it said something ("File too large", "No space left on device").
    const std::string osReason = systemError ? std::string(" (") + std::strerror(systemError) + ")" : "";
    switch (code & 0xff) {
        case SQLITE_NOTADB: throw InputError(path_, "not a SQLite database");
        case SQLITE_CORRUPT: throw InputError(path_, "corrupt SQLite file (" + message + ")");
        case SQLITE_TOOBIG: throw InputError(path_, "a value is larger than the reader accepts (" + message + ")");
        case SQLITE_FULL: throw IoError(path_, context + ": disk full (" + message + ")" + osReason);
        case SQLITE_BUSY:
        case SQLITE_LOCKED: throw IoError(path_, context + ": busy, another process is writing it (" + message + ")");
        case SQLITE_IOERR:
            if (code == SQLITE_IOERR_SHORT_READ) throw InputError(path_, "truncated SQLite file (" + message + ")");
            // SQLite's rollback often clears the OS's errno before a failed write is reported:
            // name the likely causes rather than nothing.
            if (code == SQLITE_IOERR_WRITE && systemError == 0)
                throw IoError(path_, context + ": " + message +
                                         " (a write failed: the disk is full, a file size limit was reached, or "
                                         "the device failed)");
            throw IoError(path_, context + ": " + message + osReason);
        case SQLITE_NOMEM:
            // Reading untrusted input, it is the file that asks for too much (a hostile schema).
            if (mode_ == Mode::ReadOnly) throw InputError(path_, context + ": " + message + " (the file asks for too much)");
            throw IoError(path_, context + ": " + message);
        case SQLITE_READONLY:
        case SQLITE_PERM: throw IoError(path_, context + ": " + message + osReason);
        case SQLITE_CANTOPEN:
            // A missing folder is the caller's path to fix; a refused one is a failure.
            if (systemError == 0 || namesNothingUsable(systemError))
                throw InputError(path_, context + ": " + message);
            throw IoError(path_, context + ": " + message);
        default: throw InputError(path_, context + ": " + message);
    }
}

SqliteStatement::SqliteStatement(const SqliteDatabase& db, const std::string& sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) db.fail("cannot prepare query");
    statement_.reset(raw);
}

void SqliteStatement::check(int status, const char* context) const {
    if (status != SQLITE_OK) db_.fail(context);
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
    check(sqlite3_bind_int64(statement_.get(), index, value), "cannot bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    check(sqlite3_bind_double(statement_.get(), index, value), "cannot bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    check(sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT),
          "cannot bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bindBlob(int index, const void* data, size_t size) {
    check(sqlite3_bind_blob(statement_.get(), index, data, static_cast<int>(size), SQLITE_TRANSIENT),
          "cannot bind a value");
    return *this;
}

bool SqliteStatement::step() {
    const int status = sqlite3_step(statement_.get());
    if (status == SQLITE_ROW) return true;
    if (status == SQLITE_DONE) return false;
    db_.fail("query failed");
}

void SqliteStatement::run() {
    while (step()) {
    }
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

std::string SqliteStatement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
    return data ? std::string(data, static_cast<size_t>(sqlite3_column_bytes(statement_.get(), column))) : std::string();
}

std::string_view SqliteStatement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_.get(), column));
    return {data, static_cast<size_t>(sqlite3_column_bytes(statement_.get(), column))};
}

SqliteTransaction::SqliteTransaction(const SqliteDatabase& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
    if (!open_) return;
    // Destructors must not throw: a failed ROLLBACK leaves SQLite to roll back on close.
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.handle(), "ROLLBACK", -1, &raw, nullptr) == SQLITE_OK) sqlite3_step(raw);
    sqlite3_finalize(raw);
}

SqliteReadSnapshot::SqliteReadSnapshot(const SqliteDatabase& db) : db_(db) { db_.execute("BEGIN DEFERRED"); }

SqliteReadSnapshot::~SqliteReadSnapshot() {
    // Nothing was written: ending it cannot lose data, and a destructor must not throw.
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.handle(), "COMMIT", -1, &raw, nullptr) == SQLITE_OK) sqlite3_step(raw);
    sqlite3_finalize(raw);
}

void SqliteTransaction::commit() {
    db_.execute("COMMIT");
    open_ = false;
}

}  // namespace hullft
