#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/compute_precision.h"
#include "model/decoder_config.h"
#include "model/decoder_parameters.h"
#include "model/kv_cache.h"
#include "model/language_model.h"
#include "model/rotary_embedding.h"

namespace hullft {

// The decoder families besides GPT-2 (Llama, Mistral, Qwen2, Qwen3, Phi-3, GPT-NeoX, GPT-Neo) as
// one pre-norm transformer whose parts the config selects: RMSNorm or LayerNorm, separate or
// fused q/k/v (grouped-query heads repeated), Qwen3's q/k norms, rotary (partial, llama3
// scaled) or learned positions, full or windowed causal attention per layer, gated (SwiGLU) or
// plain MLP, sequential or parallel residual, tied or untied head. Parameters carry the
// family's Hugging Face names (decoder_parameters.h), so checkpoints map one to one.
class DecoderModel : public torch::nn::Module, public LanguageModel {
public:
    // Weights are initialised normal(0, 0.02), biases 0, norm gains 1, from torch's global
    // generator (loading overwrites them; benchmarks use them as random weights of real shapes).
    explicit DecoderModel(const DecoderConfig& config);

    const DecoderConfig& config() const { return config_; }

    torch::Tensor logits(const torch::Tensor& ids, const torch::Tensor& attentionMask = {}) override;
    torch::Tensor trainingLogits(const torch::Tensor& ids) override;
    torch::Tensor logitsWithCache(const torch::Tensor& ids, KvCache& cache) override;
    torch::Tensor hiddenStates(const torch::Tensor& ids, int layer) override;
    torch::Tensor batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer) override;
    ParameterPlace placeOf(const std::string& name) const override;
    std::vector<LinearLayer> linearLayers() override;
    void setLoraAdapters(const LoraAdapters* adapters) override { lora_ = adapters; }
    void setComputePrecision(ComputePrecision precision) override { precision_ = precision; }
    ComputePrecision computePrecision() const override { return precision_; }
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return config_.architecture; }
    torch::Device device() const override;
    int64_t contextLength() const override { return config_.maxPositions; }
    int64_t hiddenSize() const override { return config_.hiddenSize; }
    int numLayers() const override { return static_cast<int>(config_.numLayers); }
    int64_t vocabSize() const override { return config_.vocabSize; }

private:
    using Weights = std::map<DecoderWeight, torch::Tensor>;

    torch::Tensor transform(const torch::Tensor& ids, const torch::Tensor& attentionMask, KvCache* cache,
                            int64_t lastLayer, bool idsChecked = false);
    torch::Tensor block(int64_t layer, const torch::Tensor& x, const std::map<int64_t, torch::Tensor>& visible,
                        const std::pair<torch::Tensor, torch::Tensor>& rotary, KvCache* cache);
    torch::Tensor attention(int64_t layer, const torch::Tensor& x, const torch::Tensor& visible,
                            const std::pair<torch::Tensor, torch::Tensor>& rotary, KvCache* cache);
    torch::Tensor mlp(const Weights& w, const torch::Tensor& x) const;
    torch::Tensor norm(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) const;
    torch::Tensor headWeight() const;
    // x Wᵀ (+ b), plus the LoRA update when an adapter targets W.
    torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) const;
    void checkLayer(int layer) const;

    DecoderConfig config_;
    ComputePrecision precision_ = ComputePrecision::Float32;
    Weights model_;               // embedding, positions, final norm, head
    std::vector<Weights> layers_;
    torch::Tensor rotaryFrequencies_;  // buffer; undefined without rotary positions
    std::map<std::string, ParameterPlace> places_;
    const LoraAdapters* lora_ = nullptr;
};

}  // namespace hullft
