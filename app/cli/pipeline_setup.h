#pragma once

#include <memory>
#include <string>

#include "cli/arguments.h"
#include "cli/embedder_choice.h"
#include "datastore/store.h"
#include "model/compute_precision.h"
#include "model/device.h"
#include "pipeline/pipeline_settings.h"
#include "pipeline/query_pipeline.h"

namespace hullft::cli {

// The query options `hullft query` and `hullft bench` share, applied over `settings`: --k, --r,
// --lr, --lambda, --generate-tokens, --seed. Method and N are the caller's.
void applySharedPipelineOptions(const Arguments& args, PipelineSettings& settings);

// --store (default: the default store), the model and embedder that built it (--model, --layer)
// on --device at --precision (auto: bf16 on CUDA), wired into a QueryPipeline. InputError when the store has hashed embeddings.
class OpenedPipeline {
public:
    explicit OpenedPipeline(const Arguments& args);
    OpenedPipeline(const OpenedPipeline&) = delete;
    OpenedPipeline& operator=(const OpenedPipeline&) = delete;

    QueryPipeline& pipeline() { return *pipeline_; }
    const Store& store() const { return store_; }
    const torch::Device& device() const { return device_; }
    ComputePrecision precision() const { return precision_; }
    const std::string& modelDirectory() const { return modelDirectory_; }

private:
    torch::Device device_;
    ComputePrecision precision_;
    std::string modelDirectory_;
    Store store_;
    EmbedderChoice choice_;
    std::unique_ptr<QueryPipeline> pipeline_;
};

}  // namespace hullft::cli
