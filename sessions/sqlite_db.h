#pragma once

// Thin RAII layer over the SQLite C API: one connection, prepared statements, transactions.
// Every SQL text goes through sqlite3_prepare_v2 and values are bound, never spliced in.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

namespace hullft::sessions {

struct ConnectionCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

class Database {
public:
    // ReadOnly opens an existing file as untrusted input (defensive flags, length limits).
    // CreateNew creates a file that must not exist yet.
    enum class Mode { ReadOnly, CreateNew };
    Database(const std::string& path, Mode mode);

    sqlite3* handle() const { return db_.get(); }
    const std::string& path() const { return path_; }
    // Prepares and runs each statement of `script` in turn, ignoring result rows.
    void run(const std::string& script) const;
    // Throws SessionFileError naming the file, `context` and SQLite's own message.
    [[noreturn]] void fail(const std::string& context) const;

private:
    void harden() const;

    std::string path_;
    std::unique_ptr<sqlite3, ConnectionCloser> db_;
};

class Statement {
public:
    Statement(const Database& db, const char* sql);
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, const std::string& value);
    // true while a result row is ready; false once done. Throws on any SQLite error.
    bool step();
    void reset();
    bool isNull(int column) const;
    int64_t integer(int column) const;
    std::string text(int column) const;  // NULL reads as ""

private:
    const Database& db_;
    std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement_;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(const Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    const Database& db_;
    bool open_ = true;
};

}  // namespace hullft::sessions
