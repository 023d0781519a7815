#pragma once

#include <string>

namespace hullft {

// The store's SQLite schema. Row ids of `sequences` are 0, 1, 2, ... in insertion order and are
// the rows of the FAISS index; `embeddings` holds every vector (float32 blob) so the index can
// be rebuilt and a killed build resumed without re-embedding; `document_digests` holds each
// document's DocumentDigest over its sequences (stores made before it have none).
inline const char* const kStoreSchema = R"sql(
CREATE TABLE IF NOT EXISTS manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY, domain TEXT NOT NULL, package TEXT NOT NULL, package_version TEXT NOT NULL,
  path TEXT NOT NULL, part TEXT NOT NULL, licence TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
  bytes INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sequences (
  id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), position INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL, tokens INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sequences_by_document ON sequences(document_id);
CREATE TABLE IF NOT EXISTS embeddings (sequence_id INTEGER PRIMARY KEY REFERENCES sequences(id), vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS document_digests (document_id TEXT PRIMARY KEY REFERENCES documents(id), sequences_sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
  name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, documents INTEGER NOT NULL, skipped_duplicates INTEGER NOT NULL);
)sql";

inline const char* const kStoreDatabaseFile = "store.sqlite";
inline const char* const kStoreIndexFile = "index.faiss";
inline const char* const kStoreManifestFile = "manifest.json";

}  // namespace hullft
