#include "pipeline/loaded_pipeline.h"

#include "common/errors.h"
#include "common/sha256.h"
#include "datastore/hf_embedder.h"
#include "datastore/lm_embedder.h"
#include "datastore/store.h"
#include "events/progress_meter.h"
#include "model/device.h"
#include "model/load_language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft {

LoadedPipeline::LoadedPipeline(const PipelineSources& sources, PipelineObserver* progress)
    : sources_(sources), device_(selectDevice(sources.device)) {
    precision_ = selectPrecision(sources.precision, device_);
    ProgressMeter loading(progress, "load", 2);
    model_ = loadLanguageModel(sources.model_directory);
    model_->module().eval();
    tokenizer_ = loadTokenizer(sources.model_directory);
    loading.report(1, true);
    store_ = std::make_unique<Store>(Store::open(sources.store_directory));
    const std::string& storeEmbedder = store_->manifest().embedder_identity;
    if (HfEmbedder::parseIdentity(storeEmbedder)) {
        auto embedder = HfEmbedder::ofStore(sources.embedder_directory, storeEmbedder, torch::kCPU);
        hfEmbedder_ = embedder.get();
        embedder_ = std::move(embedder);
    } else {
        embedder_ = LmEmbedder::ofStore(*model_, storeEmbedder, sources.embedding_layer, sources.model_directory);
    }
    buildPipeline();
    loading.finish();
}

LoadedPipeline::~LoadedPipeline() = default;

void LoadedPipeline::buildPipeline() {
    model_->module().to(device_);
    model_->setComputePrecision(precision_);
    if (hfEmbedder_) hfEmbedder_->moveTo(device_);
    pipeline_ = std::make_unique<QueryPipeline>(*model_, *tokenizer_, *store_, *embedder_,
                                                hfEmbedder_ ? hfEmbedder_->tokenizer().get() : nullptr);
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
