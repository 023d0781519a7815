#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "model/compute_precision.h"
#include "model/gpt2_block.h"
#include "model/gpt2_config.h"
#include "model/kv_cache.h"
#include "model/language_model.h"

namespace hullft {

// Where a GPT-2-named parameter sits: "h.{i}." is block i; "ln_" names a LayerNorm.
ParameterPlace gpt2ParameterPlace(const std::string& name);

// GPT-2 with Hugging Face parameter names (wte, wpe, h.N.*, ln_f; lm_head tied to wte unless the
// config unties it) and layouts, so checkpoints map one to one (see gpt2_checkpoint.h).
// Positions are 0..T-1 in every row, as transformers uses when given no position ids.
class Gpt2Model : public torch::nn::Module, public LanguageModel {
public:
    // Weights are initialised as transformers does (normal(0, 0.02), residual projections scaled
    // by 1/sqrt(2 n_layer)) from torch's global generator.
    explicit Gpt2Model(const Gpt2Config& config);

    const Gpt2Config& config() const { return config_; }

    void setComputePrecision(ComputePrecision precision) override { precision_ = precision; }
    ComputePrecision computePrecision() const override { return precision_; }
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return "GPT2LMHeadModel"; }

    torch::Tensor logits(const torch::Tensor& ids, const torch::Tensor& attentionMask = {}) override;
    torch::Tensor trainingLogits(const torch::Tensor& ids) override;
    torch::Tensor hiddenStates(const torch::Tensor& ids, int layer) override;
    torch::Tensor batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer) override;
    ParameterPlace placeOf(const std::string& name) const override { return gpt2ParameterPlace(name); }
    std::vector<LinearLayer> linearLayers() override;
    void setLoraAdapters(const LoraAdapters* adapters) override;
    torch::Device device() const override;
    int64_t contextLength() const override { return config_.n_positions; }
    int64_t hiddenSize() const override { return config_.n_embd; }
    int numLayers() const override { return static_cast<int>(config_.n_layer); }
    int64_t vocabSize() const override { return config_.vocab_size; }

    torch::Tensor logitsWithCache(const torch::Tensor& ids, KvCache& cache) override;

private:
    // Hidden states after `lastLayer` blocks (after ln_f when lastLayer == n_layer).
    // `idsChecked`: the caller vouches for the ids' range, so they are not read back.
    torch::Tensor transform(const torch::Tensor& ids, const torch::Tensor& attentionMask, KvCache* cache,
                            int64_t lastLayer, bool idsChecked = false);
    torch::Tensor project(const torch::Tensor& hidden) const;  // hidden -> vocabulary logits
    void checkLayer(int layer) const;
    void initializeWeights();

    Gpt2Config config_;
    ComputePrecision precision_ = ComputePrecision::Float32;
    torch::nn::Embedding wte_{nullptr};
    torch::nn::Embedding wpe_{nullptr};
    torch::nn::ModuleList h_{nullptr};
    std::vector<Gpt2Block> blocks_;
    torch::nn::LayerNorm ln_f_{nullptr};
    torch::nn::Linear lm_head_{nullptr};  // only when tie_word_embeddings is false
};

}  // namespace hullft
