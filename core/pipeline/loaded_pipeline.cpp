#include "pipeline/loaded_pipeline.h"

#include "common/errors.h"
#include "common/sha256.h"
#include "datastore/lm_embedder.h"
#include "datastore/store.h"
#include "events/progress_meter.h"
#include "model/device.h"
#include "model/gpt2_checkpoint.h"
#include "model/gpt2_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft {
namespace {

// The LM embedder that built the store: the model's hidden state after the layer the store's
// identity names (or `layer`), which must reproduce that identity.
std::unique_ptr<Embedder> storeEmbedder(Gpt2Model& model, const Store& store, const PipelineSources& sources) {
    const std::string& identity = store.manifest().embedder_identity;
    const std::optional<int> storeLayer = LmEmbedder::layerOfIdentity(identity);
    if (!storeLayer)
        throw InputError(store.directory(), "was built with another embedder (" + identity +
                                                "); queries need a store built with --embedder lm");
    const int layer = sources.embedding_layer.value_or(*storeLayer);
    if (layer < 0 || layer > model.numLayers())
        throw InputError("--layer", "must lie in [0, " + std::to_string(model.numLayers()) + "], got " + std::to_string(layer));
    auto embedder = std::make_unique<LmEmbedder>(model, layer);
    if (embedder->identity() != identity)
        throw InputError(sources.model_directory, "this model (embedder '" + embedder->identity() +
                                                      "') did not build the store " + store.directory() + " (embedder '" +
                                                      identity + "'); pass the --model and --layer it was built with");
    return embedder;
}

}  // namespace

LoadedPipeline::LoadedPipeline(const PipelineSources& sources, PipelineObserver* progress)
    : sources_(sources), device_(selectDevice(sources.device)) {
    precision_ = selectPrecision(sources.precision, device_);
    ProgressMeter loading(progress, "load", 2);
    model_ = loadGpt2Model(sources.model_directory);
    model_->eval();
    tokenizer_ = loadTokenizer(sources.model_directory);
    loading.report(1, true);
    store_ = std::make_unique<Store>(Store::open(sources.store_directory));
    embedder_ = storeEmbedder(*model_, *store_, sources);
    buildPipeline();
    loading.finish();
}

LoadedPipeline::~LoadedPipeline() = default;

void LoadedPipeline::buildPipeline() {
    model_->to(device_);
    model_->setComputePrecision(precision_);
    pipeline_ = std::make_unique<QueryPipeline>(*model_, *tokenizer_, *store_, *embedder_);
}

void LoadedPipeline::moveTo(const std::string& device, const std::string& precision) {
    const torch::Device target = selectDevice(device);
    const ComputePrecision targetPrecision = selectPrecision(precision, target);
    if (target == device_ && targetPrecision == precision_) return;
    pipeline_.reset();
    device_ = target;
    precision_ = targetPrecision;
    buildPipeline();
}

std::string LoadedPipeline::deviceDescription() const {
    return device_.str() + " " + precisionName(precision_);
}

PipelineIdentity LoadedPipeline::identity() const {
    const StoreManifest& manifest = store_->manifest();
    return {filesIdentity({sources_.model_directory + "/model.safetensors"}),
            manifest.embedder_identity + " built " + manifest.built_at,
            deviceDescription()};
}

}  // namespace hullft
