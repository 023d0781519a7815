#include "datastore/default_store.h"

#include <algorithm>
#include <filesystem>

#include "corpus/corpus_builder.h"
#include "datastore/lm_embedder.h"
#include "datastore/store_schema.h"
#include "model/load_language_model.h"

namespace hullft {

bool corpusIsBuilt(const std::string& corpusDir) {
    return std::filesystem::exists(corpusDir + "/manifest.json");
}

bool ensureCorpus(const std::string& recipePath, const std::string& corpusDir, double maxMbPerDomain,
                  PipelineObserver* observer, const CancellationToken* cancel) {
    if (corpusIsBuilt(corpusDir)) return false;
    buildCorpus({recipePath, corpusDir, maxMbPerDomain}, observer, cancel);
    return true;
}

StoreBuildReport buildDefaultStore(const DefaultStoreOptions& options, PipelineObserver* observer,
                                   const CancellationToken* cancel) {
    ensureCorpus(options.recipe_path, options.corpus_dir, 0.0, observer, cancel);
    const std::shared_ptr<LanguageModel> model = loadLanguageModel(options.model_dir);
    model->module().eval();
    const std::unique_ptr<Tokenizer> tokenizer = loadTokenizer(options.model_dir);
    LmEmbedder embedder(*model, kDefaultEmbeddingLayer);
    StoreBuildOptions build;
    build.store_dir = options.store_dir;
    build.max_tokens = std::min(options.max_tokens, model->contextLength());
    build.batch_size = options.batch_size;
    build.embedding_layer = kDefaultEmbeddingLayer;
    build.max_mb_per_domain = options.store_mb_per_domain;
    const DocumentSource corpus{DocumentSource::Kind::Corpus, options.corpus_dir, "", ""};
    return buildStore(StoreBuildMode::Build, {corpus}, build, *tokenizer, embedder, observer, cancel);
}

bool storeIsBuilt(const std::string& storeDir) {
    repairInterruptedSwap(storeDir);
    return std::filesystem::exists(storeDir + "/" + kStoreManifestFile);
}

}  // namespace hullft
