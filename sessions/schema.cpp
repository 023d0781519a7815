#include "schema.h"

#include <string>

#include "common/errors.h"
#include "common/sqlite_database.h"

namespace hullft::sessions {
namespace {

// Version 1: one append-only, hash-chained `records` table holds everything; the chain head
// protects the tail. The typed views are for auditors with the sqlite3 shell: they only
// derive from `records`, so verifying the chain covers all they show.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE schema_migrations(
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE TABLE records(
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  query_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX records_by_query ON records(query_id, seq);
CREATE TABLE chain_head(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  record_count INTEGER NOT NULL,
  head_hash TEXT NOT NULL);
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
  BEGIN SELECT RAISE(ABORT, 'session records are append-only'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
  BEGIN SELECT RAISE(ABORT, 'session records are append-only'); END;
CREATE VIEW session_header AS SELECT
  json_extract(payload, '$.tool_version') AS tool_version,
  json_extract(payload, '$.model_identity') AS model_identity,
  json_extract(payload, '$.datastore_identity') AS datastore_identity,
  json_extract(payload, '$.device') AS device,
  json_extract(payload, '$.settings') AS settings,
  json_extract(payload, '$.created_at') AS created_at
  FROM records WHERE seq = 1 AND kind = 'session';
CREATE VIEW queries AS SELECT seq, query_id,
  json_extract(payload, '$.text') AS text, json_extract(payload, '$.text_sha256') AS text_sha256,
  json_extract(payload, '$.embedding_digest') AS embedding_digest,
  json_extract(payload, '$.method') AS method, json_extract(payload, '$.n') AS n,
  json_extract(payload, '$.k') AS k
  FROM records WHERE kind = 'query_started';
CREATE VIEW candidates AS SELECT r.seq, r.query_id, c.key AS rank,
  json_extract(c.value, '$.sequence_id') AS sequence_id, json_extract(c.value, '$.score') AS score
  FROM records r, json_each(r.payload, '$.candidates') c WHERE r.kind = 'candidates_ready';
CREATE VIEW fw_trace AS SELECT seq, query_id,
  json_extract(payload, '$.iteration') AS iteration, json_extract(payload, '$.chosen_row') AS chosen_row,
  json_extract(payload, '$.gamma') AS gamma, json_extract(payload, '$.residual_norm') AS residual_norm
  FROM records WHERE kind = 'fw_iteration';
CREATE VIEW support AS SELECT r.seq, r.query_id, json_extract(r.payload, '$.method') AS method,
  s.key AS position, json_extract(s.value, '$.row') AS row,
  json_extract(s.value, '$.sequence_id') AS sequence_id,
  json_extract(s.value, '$.weight') AS weight, json_extract(s.value, '$.count') AS count
  FROM records r, json_each(r.payload, '$.support') s WHERE r.kind = 'selection_ready';
CREATE VIEW finetune_steps AS SELECT seq, query_id,
  json_extract(payload, '$.step') AS step, json_extract(payload, '$.sequence_id') AS sequence_id,
  json_extract(payload, '$.computed') AS computed, json_extract(payload, '$.loss') AS loss,
  json_extract(payload, '$.gradient_norm') AS gradient_norm,
  json_extract(payload, '$.update_norm') AS update_norm,
  json_extract(payload, '$.learning_rate') AS learning_rate,
  json_extract(payload, '$.parameter_digest') AS parameter_digest
  FROM records WHERE kind = 'finetune_step';
CREATE VIEW circuit_breaker_events AS SELECT seq, query_id,
  json_extract(payload, '$.step') AS step, json_extract(payload, '$.reason') AS reason,
  json_extract(payload, '$.base_restored') AS base_restored
  FROM records WHERE kind = 'circuit_breaker';
CREATE VIEW evaluations AS SELECT seq, query_id,
  json_extract(payload, '$.base_bpb') AS base_bpb, json_extract(payload, '$.adapted_bpb') AS adapted_bpb,
  json_extract(payload, '$.tokens') AS tokens, json_extract(payload, '$.bytes') AS bytes,
  json_extract(payload, '$.adapted_rejected') AS adapted_rejected
  FROM records WHERE kind = 'evaluation';
CREATE VIEW generations AS SELECT seq, query_id,
  json_extract(payload, '$.prompt') AS prompt,
  json_extract(payload, '$.base_continuation') AS base_continuation,
  json_extract(payload, '$.adapted_continuation') AS adapted_continuation
  FROM records WHERE kind = 'generation';
CREATE VIEW stage_timings AS SELECT seq, query_id,
  json_extract(payload, '$.stage') AS stage, json_extract(payload, '$.seconds') AS seconds
  FROM records WHERE kind = 'stage_timing';
)sql";

// Version 2: one view over every field of every record, so an event kind added after version 1
// is readable from the sqlite3 shell without a view of its own.
constexpr const char* kVersion2 = R"sql(
CREATE VIEW event_fields AS SELECT r.seq, r.query_id, r.kind, f.key AS field, f.value AS value
  FROM records r, json_each(r.payload) f;
)sql";

// Version 3: the optional Ed25519 signature of the chain head (chain_signature.h); one row,
// rewritten as the head moves, absent in sessions recorded without a key.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE chain_signature(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  signature TEXT NOT NULL);
)sql";

struct RequiredTable {
    const char* name;
    std::vector<const char*> columns;
};

const std::vector<RequiredTable>& requiredTables() {
    static const std::vector<RequiredTable> tables = {
        {"records", {"seq", "kind", "query_id", "payload", "prev_hash", "hash"}},
        {"chain_head", {"id", "record_count", "head_hash"}},
    };
    return tables;
}

bool hasColumn(const SqliteDatabase& db, const char* table, const char* column) {
    SqliteStatement statement(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
    statement.bind(1, std::string(table)).bind(2, std::string(column));
    return statement.step();
}

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, "records table with hash chain and chain head; typed views", kVersion1},
        {2, "event_fields view: every field of every record", kVersion2},
        {3, "chain_signature table: optional Ed25519 signature of the chain head", kVersion3},
    };
    return all;
}

int schemaVersion(const SqliteDatabase& db) {
    SqliteStatement statement(db, "PRAGMA user_version");
    return statement.step() ? static_cast<int>(statement.integer(0)) : 0;
}

void migrateToCurrent(const SqliteDatabase& db) {
    const int current = schemaVersion(db);
    if (current > kSchemaVersion)
        throw InputError(db.path(), "schema version " + std::to_string(current) +
                                              " is newer than this build writes (" +
                                              std::to_string(kSchemaVersion) + ")");
    for (const Migration& migration : migrations()) {
        if (migration.version <= current) continue;
        SqliteTransaction transaction(db);
        db.execute(migration.sql);
        SqliteStatement record(db, "INSERT INTO schema_migrations(version, description) VALUES (?1, ?2)");
        record.bind(1, int64_t{migration.version}).bind(2, std::string(migration.description)).step();
        // PRAGMA takes no bound parameters; the version is our own integer.
        db.execute("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
    }
}

void checkReadable(const SqliteDatabase& db) {
    const int version = schemaVersion(db);
    if (version == 0) {
        SqliteStatement records(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'records'");
        throw InputError(db.path(), records.step() ? "no schema version (PRAGMA user_version is 0)"
                                                         : "not a HullFT session (no records table)");
    }
    if (version < 0 || version > kSchemaVersion)
        throw InputError(db.path(), "schema version " + std::to_string(version) +
                                              " is not one this build reads (1 to " +
                                              std::to_string(kSchemaVersion) + "); use a newer hullft");
    for (const RequiredTable& table : requiredTables())
        for (const char* column : table.columns)
            if (!hasColumn(db, table.name, column))
                throw InputError(db.path(), std::string("not a HullFT session: table '") + table.name +
                                                      "' lacks column '" + column + "'");
}

}  // namespace hullft::sessions
