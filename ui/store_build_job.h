#pragma once

#include <QString>

#include "query_worker.h"

namespace hullft::ui {

// The default datastore to build on first start (core's buildDefaultStore, as `hullft store
// build` makes it): the corpus is built from the recipe first if it is missing.
struct StoreBuildRequest {
    QString model_directory;
    QString recipe_path;
    QString corpus_directory;
    QString store_directory;
    double store_mb_per_domain = 0.0;  // > 0: per-domain cap on the text embedded
    int batch_size = 64;               // sequences embedded and committed together
    int max_tokens = 1024;             // sequence length, capped at the model's context
};

// The store the main command (.ci/workbench.sh) builds: capped per domain so that embedding
// with the language model takes minutes on a laptop CPU.
StoreBuildRequest firstStartStoreRequest(const QString& model, const QString& recipe, const QString& corpus,
                                         const QString& store);

// Builds the store, reporting progress ("corpus: <domain>", "embed", "index") to the observer.
// Cancelling stops between batches; the next build resumes where this one stopped.
QueryJob storeBuildJob(const StoreBuildRequest& request);

// Whether the folder holds a finished store.
bool storeIsBuilt(const QString& storeDirectory);

}  // namespace hullft::ui
