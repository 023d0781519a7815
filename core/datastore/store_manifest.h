#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hullft {

struct DomainCounts {
    int64_t documents = 0;
    int64_t sequences = 0;
};

// What a store holds and how it was made; kept in the database's manifest table and, for
// people, in manifest.json next to it.
struct StoreManifest {
    std::string embedder_identity;
    int embedding_layer = -1;  // -1: the embedder has no layer (hashed n-grams)
    int64_t dimension = 0;
    std::string tokenizer;     // Tokenizer::kind()
    int64_t max_tokens = 0;    // sequence length limit used when chunking
    std::string index_kind;    // "flat", "ivf" or "ivfpq" (lists on disk, re-ranked exactly)
    std::string metric = "inner_product";  // or "l2" (squared distances, smaller is nearer)
    std::string embedder_description;      // for people: the model folder or layout it came from
    int64_t documents = 0;
    int64_t sequences = 0;
    std::map<std::string, DomainCounts> domains;
    std::vector<std::string> sources;  // corpus and ingested files, in the order they were added
    std::string recipe_sha256;         // of the corpus recipe, when built from one
    std::string built_at;              // UTC, ISO 8601
    double build_seconds = 0.0;        // of the run that finished the build
};

std::string storeManifestToJson(const StoreManifest& manifest, int indent = 2);
// InputError naming `source` when a field is missing or of the wrong type.
StoreManifest storeManifestFromJson(const std::string& json, const std::string& source);

// InputError naming `path` unless the manifest.json there says what `manifest` (the database's)
// says: a copy that was edited or deleted would describe another store to the people and scripts
// that read it. Both are read the same way, so a field added since the store was made gets its
// default on both sides and does not count as a difference.
void requireManifestFileMatches(const std::string& path, const StoreManifest& manifest);

}  // namespace hullft
