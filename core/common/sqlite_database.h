#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hullft {

// A prepared statement; values are bound by 1-based position. Only prepared statements touch
// the database, so no value is ever pasted into SQL text.
class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, const std::string& sql, const std::string& source);

    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bindBlob(int index, const void* data, size_t size);
    bool step();       // true while a row is available
    void run();        // step to completion, then reset for reuse
    void reset();

    int64_t integer(int column) const { return sqlite3_column_int64(statement_.get(), column); }
    double real(int column) const { return sqlite3_column_double(statement_.get(), column); }
    std::string text(int column) const;
    std::string_view blob(int column) const;

private:
    struct Finalize {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    std::unique_ptr<sqlite3_stmt, Finalize> statement_;
    sqlite3* db_;
    std::string source_;
};

// An open SQLite file. Errors are InputError naming the file and SQLite's message.
class SqliteDatabase {
public:
    enum class Mode { ReadOnly, ReadWrite };
    SqliteDatabase(const std::string& path, Mode mode);

    void execute(const std::string& sql);  // statements without parameters (schema, pragmas)
    SqliteStatement prepare(const std::string& sql) { return SqliteStatement(db_.get(), sql, path_); }
    const std::string& path() const { return path_; }
    int64_t changes() const { return sqlite3_changes64(db_.get()); }  // rows the last statement changed

private:
    struct Close {
        void operator()(sqlite3* db) const { sqlite3_close(db); }
    };
    std::string path_;
    std::unique_ptr<sqlite3, Close> db_;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back if destroyed before commit() (an exception).
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDatabase& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    SqliteDatabase& db_;
    bool open_ = true;
};

}  // namespace hullft
