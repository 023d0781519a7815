#pragma once

#include <cstdint>
#include <string>

#include "common/cancellation.h"
#include "datastore/faiss_index.h"
#include "datastore/store_manifest.h"
#include "events/observer.h"

namespace hullft {

struct StoreImportOptions {
    std::string layout;       // "hullft" or "tttlm" (published_index_layout.h)
    std::string source_dir;   // the published folder
    std::string store_dir;    // the store to create (replaced when complete)
    // The embedder the vectors came from: queries against the store must embed with it.
    std::string embedder_identity;
    std::string embedder_description;
    int64_t dimension = 0;    // must equal the index files' dimension
    std::string tokenizer;    // the embedder's tokenizer kind and length limit, for the manifest
    int64_t max_tokens = 0;
    std::string licence = "unknown";
    int64_t batch_rows = 2048;  // documents committed together
    VectorIndexOptions index;   // its metric is set from the index files
};

struct StoreImportReport {
    StoreManifest manifest;
    bool resumed = false;
    int64_t imported_now = 0;     // rows read by this run
    int64_t duplicate_texts = 0;  // rows whose text an earlier row has: stored as another sequence of that document
};

// Turns a published index folder into a store without re-embedding: one document and one
// sequence per JSONL line (provenance: domain = meta.pile_set_name, path = the shard file,
// part = "line N"), row i's vector from the index files, so sequence id i is the row the
// authors' concatenated shards give it, and the index files' metric (L2 for both layouts).
// Resumable like a store build: rows are committed a batch at a time in DIR.partial, and
// running the same import again continues after the last committed batch.
StoreImportReport importStore(const StoreImportOptions& options, PipelineObserver* observer, const CancellationToken* cancel);

}  // namespace hullft
