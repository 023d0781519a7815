#pragma once

#include <string>
#include <vector>

#include "common/cancellation.h"
#include "datastore/document_source.h"
#include "datastore/embedder.h"
#include "datastore/faiss_index.h"
#include "datastore/partial_store.h"
#include "datastore/store_manifest.h"
#include "events/observer.h"
#include "tokenizer/tokenizer.h"

namespace hullft {

struct StoreBuildOptions {
    std::string store_dir;
    int64_t max_tokens = 1024;  // the model's context length
    int64_t batch_size = 64;    // sequences embedded (and committed) together
    int embedding_layer = -1;   // recorded in the manifest
    double max_mb_per_domain = 0.0;  // > 0: take each domain's documents only up to this much text
    VectorIndexOptions index;          // its metric is the store's
    std::string embedder_description;  // recorded in the manifest, for people
};

struct StoreBuildReport {
    StoreManifest manifest;
    bool resumed = false;             // an interrupted build of the same inputs was continued
    int64_t embedded_now = 0;         // sequences embedded by this run
    int64_t duplicate_ids = 0;        // documents skipped: id already in the store
    int64_t duplicate_texts = 0;      // documents skipped: identical text already in the store
    int64_t over_cap = 0;             // documents left out by max_mb_per_domain
    std::vector<std::string> issues;  // unusable input lines/files ("FILE:LINE: problem")
};

// Builds the store DIR from scratch from `sources` (Mode::Build), or adds `sources` to the
// existing store DIR (Mode::Ingest; it must have been embedded by the same embedder).
//
// Crash safety: the work happens in DIR.partial: documents and sequences are inserted in one
// transaction, vectors are committed batch by batch (SQLite WAL), the FAISS index is written
// to a temporary file and renamed. Only a finished build replaces DIR (two renames; an
// interrupted swap is repaired on the next run). Running the same command again after a
// crash resumes from the last committed batch and ends with the same sequences, vectors and
// index bytes as an uninterrupted build.
enum class StoreBuildMode { Build, Ingest };

StoreBuildReport buildStore(StoreBuildMode mode, const std::vector<DocumentSource>& sources, const StoreBuildOptions& options,
                            const Tokenizer& tokenizer, Embedder& embedder, PipelineObserver* observer,
                            const CancellationToken* cancel);

}  // namespace hullft
