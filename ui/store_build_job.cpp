// LibTorch headers first: Qt's `slots` macro breaks them when a Qt header comes first.
// clang-format off
#include "datastore/default_store.h"

#include "store_build_job.h"
// clang-format on

namespace hullft::ui {

StoreBuildRequest firstStartStoreRequest(const QString& model, const QString& recipe, const QString& corpus,
                                         const QString& store) {
    StoreBuildRequest request;
    request.model_directory = model;
    request.recipe_path = recipe;
    request.corpus_directory = corpus;
    request.store_directory = store;
    request.store_mb_per_domain = kFirstStartStoreMbPerDomain;
    return request;
}

QueryJob storeBuildJob(const StoreBuildRequest& request) {
    DefaultStoreOptions options;
    options.model_dir = request.model_directory.toStdString();
    options.recipe_path = request.recipe_path.toStdString();
    options.corpus_dir = request.corpus_directory.toStdString();
    options.store_dir = request.store_directory.toStdString();
    options.store_mb_per_domain = request.store_mb_per_domain;
    options.batch_size = request.batch_size;
    options.max_tokens = request.max_tokens;
    return [options](PipelineObserver& observer, const CancellationToken& cancel) {
        buildDefaultStore(options, &observer, &cancel);
    };
}

bool storeIsBuilt(const QString& storeDirectory) {
    return hullft::storeIsBuilt(storeDirectory.toStdString());
}

}  // namespace hullft::ui
