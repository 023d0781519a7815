#pragma once

#include <memory>
#include <string>

#include "model/compute_precision.h"
#include "pipeline/pipeline_sources.h"
#include "pipeline/query_pipeline.h"

namespace hullft {

class Embedder;
class HfEmbedder;
class LanguageModel;
class PipelineObserver;
class Store;
class Tokenizer;

// What a session header or a bench's settings record about the pipeline.
struct PipelineIdentity {
    std::string model;      // filesIdentity() of the weight files
    std::string datastore;  // the store's embedder and build time
    std::string device;     // "cpu fp32", "cuda:0 bf16", ...
};

// The model, tokenizer, store, embedder and query pipeline, loaded and wired in one order:
// model, tokenizer and store from disk; the embedder the store names (the model's own hidden
// states, or the Hugging Face folder `embedder_directory` for a store it built, which then also
// tokenizes the query for embedding); the model moved to the device with its precision; only
// then the pipeline, whose finetuner takes the base-weight snapshot on that device.
class LoadedPipeline {
public:
    // Reports "load model" and "load store" progress to `progress` (may be null). InputError
    // names the folder that is missing or unusable, or a store whose embedder this model is not.
    explicit LoadedPipeline(const PipelineSources& sources, PipelineObserver* progress = nullptr);
    ~LoadedPipeline();
    LoadedPipeline(const LoadedPipeline&) = delete;
    LoadedPipeline& operator=(const LoadedPipeline&) = delete;

    QueryPipeline& pipeline() { return *pipeline_; }
    LanguageModel& model() { return *model_; }
    const Tokenizer& tokenizer() const { return *tokenizer_; }
    const Store& store() const { return *store_; }
    const torch::Device& device() const { return device_; }
    ComputePrecision precision() const { return precision_; }
    const std::string& modelDirectory() const { return sources_.model_directory; }

    // Moves the pipeline to another device ("auto", "cpu", "cuda", ...) at `precision`: the
    // finetuner (its base snapshot and CUDA graphs, which point at the old parameter storage) is
    // dropped first and rebuilt after the move. Nothing happens when both are unchanged.
    void moveTo(const std::string& device, const std::string& precision = "auto");

    // "cpu fp32", "cuda:0 bf16": where and how the pipeline computes now.
    std::string deviceDescription() const;
    // Hashes the weight files (a second for GPT-2 small): call it once, not per query.
    PipelineIdentity identity() const;

private:
    void buildPipeline();

    PipelineSources sources_;
    torch::Device device_;
    ComputePrecision precision_ = ComputePrecision::Float32;
    std::shared_ptr<LanguageModel> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Embedder> embedder_;
    HfEmbedder* hfEmbedder_ = nullptr;  // embedder_ when the store was built by a Hugging Face folder
    std::unique_ptr<QueryPipeline> pipeline_;
};

}  // namespace hullft
