#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "model/compute_precision.h"
#include "model/kv_cache.h"
#include "model/lora_adapters.h"

namespace hullft {

// Where a parameter sits, for choosing trainable subsets whatever the family calls it.
struct ParameterPlace {
    int layer = -1;     // the block it belongs to; -1 outside the blocks (embeddings, final norm, head)
    bool norm = false;  // a normalisation gain or bias (LayerNorm, RMSNorm, q/k norms)
};

// A causal language model the finetuner can differentiate, the evaluator can score, the generator
// can decode from and the embedder can read hidden states from. Gpt2Model (GPT-2 and the
// project's byte-level models) and DecoderModel (Llama, Mistral, Qwen, Phi-3, GPT-NeoX, GPT-Neo)
// implement it; the interface keeps the rest of core independent of one architecture.
class LanguageModel {
public:
    virtual ~LanguageModel() = default;

    // Logits [B, T, vocab] for token ids [B, T] (int64). `attentionMask` [B, T] (1 = real
    // token) may be undefined, meaning all tokens are real.
    virtual torch::Tensor logits(const torch::Tensor& ids, const torch::Tensor& attentionMask = {}) = 0;

    // The logits finetuning differentiates, for ids [B, T] the caller has already checked
    // against vocabSize() and contextLength(): no read-back of the ids from the device, so the
    // call can be captured in a CUDA graph. A model may compute them at lower precision than
    // logits() (which evaluation uses). The default is logits(ids), checking again.
    virtual torch::Tensor trainingLogits(const torch::Tensor& ids) { return logits(ids); }

    // Logits [B, T, vocab] for `ids` [B, T] that continue the positions held in `cache`, which
    // is extended by them (incremental decoding).
    virtual torch::Tensor logitsWithCache(const torch::Tensor& ids, KvCache& cache) = 0;

    // Hidden state after block `layer` (0 = embeddings, numLayers() = after the final LayerNorm)
    // for one sequence [T] of ids: [T, hiddenSize()].
    virtual torch::Tensor hiddenStates(const torch::Tensor& ids, int layer) = 0;

    // The same for a batch of right-padded sequences: ids [B, T], `attentionMask` [B, T] (1 =
    // real token, real tokens first in each row; undefined = no padding) -> [B, T, hiddenSize()].
    // Real tokens get the states they get alone; states at padded positions mean nothing. The
    // default runs hiddenStates row by row; a model overrides it with one batched forward.
    virtual torch::Tensor batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer);

    // Trainable parameters with their Hugging Face names (tied weights listed once); by default
    // module()'s named parameters.
    virtual std::vector<std::pair<std::string, torch::Tensor>> namedParameters();
    // Where the parameter namedParameters() calls `name` sits.
    virtual ParameterPlace placeOf(const std::string& name) const = 0;

    // Float32 by default. Bfloat16 runs the blocks under bf16 autocast on CUDA (a no-op on the
    // CPU); logits() projects in float32 either way, trainingLogits() in bf16 too.
    virtual void setComputePrecision(ComputePrecision precision) = 0;
    virtual ComputePrecision computePrecision() const = 0;

    // The linear layers LoRA may target, with their module names; none by default.
    virtual std::vector<LinearLayer> linearLayers() { return {}; }
    // Adds `adapters`' updates to the layers they target (null: none, the base model). The
    // adapters must outlive their use. A model without linearLayers() refuses non-null adapters.
    virtual void setLoraAdapters(const LoraAdapters* adapters);

    // The torch module holding the parameters: to(device), eval().
    virtual torch::nn::Module& module() = 0;

    virtual std::string architecture() const = 0;  // config.json's architecture, "GPT2LMHeadModel", ...
    virtual torch::Device device() const = 0;
    virtual int64_t contextLength() const = 0;  // positions the model can attend over
    virtual int64_t hiddenSize() const = 0;
    virtual int numLayers() const = 0;
    virtual int64_t vocabSize() const = 0;
};

}  // namespace hullft
