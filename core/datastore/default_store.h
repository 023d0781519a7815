#pragma once

#include <string>

#include "common/cancellation.h"
#include "datastore/store_builder.h"
#include "events/observer.h"

namespace hullft {

// Half-way up the default 4-block model: its mean-pooled states separate domains and topics,
// and embedding a whole store costs half a forward pass per sequence.
constexpr int kDefaultEmbeddingLayer = 2;

// The per-domain text cap of the store the main command (.ci/workbench.sh) and the workbench's
// first start build: the LM embedder makes a full store slow on a laptop CPU.
constexpr double kFirstStartStoreMbPerDomain = 0.05;

// The default datastore: the default corpus (built from the recipe on first use) embedded by a
// model's LM embedder at kDefaultEmbeddingLayer. `hullft store build` and the workbench's first
// start both build it through here.
struct DefaultStoreOptions {
    std::string model_dir;
    std::string recipe_path;
    std::string corpus_dir;
    std::string store_dir;
    double store_mb_per_domain = 0.0;  // > 0: take each domain's documents only up to this much text
    int64_t batch_size = 64;
    int64_t max_tokens = 1024;  // capped at the model's context length
};

// Whether DIR holds a built corpus (its manifest.json is written last).
bool corpusIsBuilt(const std::string& corpusDir);

// Builds the corpus at `corpusDir` from the recipe unless one is there; returns whether it
// built one.
bool ensureCorpus(const std::string& recipePath, const std::string& corpusDir, double maxMbPerDomain,
                  PipelineObserver* observer, const CancellationToken* cancel);

// Resumable like buildStore: a cancelled or killed build leaves the previous store (or none)
// in place, and running it again continues from the last committed batch.
StoreBuildReport buildDefaultStore(const DefaultStoreOptions& options, PipelineObserver* observer,
                                   const CancellationToken* cancel);

// Whether DIR holds a finished store (an interrupted swap is repaired first).
bool storeIsBuilt(const std::string& storeDir);

}  // namespace hullft
