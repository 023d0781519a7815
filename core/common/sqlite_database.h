#pragma once

// Thin RAII layer over the SQLite C API: one connection, prepared statements, transactions.
// Every SQL text goes through sqlite3_prepare_v2 and values are bound, never spliced in.
// Errors name the file: a corrupt or foreign file is an InputError, a refused write (disk full,
// read-only, permission, I/O error) an IoError.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hullft {

class SqliteStatement;

class SqliteDatabase {
public:
    // ReadOnly opens an existing file as untrusted input (defensive flags, length limits).
    // ReadWrite opens or creates a file (createNewFile() first, for one that must be new).
    enum class Mode { ReadOnly, ReadWrite };
    SqliteDatabase(const std::string& path, Mode mode);

    sqlite3* handle() const { return db_.get(); }
    const std::string& path() const { return path_; }
    // Prepares and runs each statement of `script` in turn, ignoring result rows.
    void execute(const std::string& script) const;
    SqliteStatement prepare(const std::string& sql) const;
    int64_t changes() const { return sqlite3_changes64(db_.get()); }  // rows the last statement changed
    // Throws the error SQLite's last result code stands for, naming the file and `context`.
    [[noreturn]] void fail(const std::string& context) const;

private:
    void harden() const;

    struct Close {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    std::string path_;
    Mode mode_;
    std::unique_ptr<sqlite3, Close> db_;
};

// A prepared statement; values are bound by 1-based position.
class SqliteStatement {
public:
    SqliteStatement(const SqliteDatabase& db, const std::string& sql);

    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bindBlob(int index, const void* data, size_t size);
    bool step();  // true while a row is available; throws on any SQLite error
    void run();   // step to completion, then reset for reuse
    void reset();

    bool isNull(int column) const { return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL; }
    int64_t integer(int column) const { return sqlite3_column_int64(statement_.get(), column); }
    double real(int column) const { return sqlite3_column_double(statement_.get(), column); }
    std::string text(int column) const;  // NULL reads as ""
    std::string_view blob(int column) const;

private:
    void check(int status, const char* context) const;

    struct Finalize {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    const SqliteDatabase& db_;
    std::unique_ptr<sqlite3_stmt, Finalize> statement_;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() ran.
class SqliteTransaction {
public:
    explicit SqliteTransaction(const SqliteDatabase& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    const SqliteDatabase& db_;
    bool open_ = true;
};

// A read transaction (BEGIN DEFERRED .. COMMIT): many reads under one lock and one
// consistent view, instead of a lock and a journal check per statement.
class SqliteReadSnapshot {
public:
    explicit SqliteReadSnapshot(const SqliteDatabase& db);
    ~SqliteReadSnapshot();
    SqliteReadSnapshot(const SqliteReadSnapshot&) = delete;
    SqliteReadSnapshot& operator=(const SqliteReadSnapshot&) = delete;

private:
    const SqliteDatabase& db_;
};

}  // namespace hullft
