#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace hullft {

// A causal language model the finetuner can differentiate, the evaluator can score and the
// embedder can read hidden states from. Gpt2Model is the implementation; the interface keeps
// the finetuner, evaluator and embedder independent of one architecture.
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

    // Hidden state after block `layer` (0 = embeddings, numLayers() = after the final LayerNorm)
    // for one sequence [T] of ids: [T, hiddenSize()].
    virtual torch::Tensor hiddenStates(const torch::Tensor& ids, int layer) = 0;

    // The same for a batch of right-padded sequences: ids [B, T], `attentionMask` [B, T] (1 =
    // real token, real tokens first in each row; undefined = no padding) -> [B, T, hiddenSize()].
    // Real tokens get the states they get alone; states at padded positions mean nothing. The
    // default runs hiddenStates row by row; a model overrides it with one batched forward.
    virtual torch::Tensor batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer);

    // Trainable parameters with their Hugging Face names (tied weights listed once).
    virtual std::vector<std::pair<std::string, torch::Tensor>> namedParameters() = 0;

    virtual torch::Device device() const = 0;
    virtual int64_t contextLength() const = 0;  // n_positions
    virtual int64_t hiddenSize() const = 0;     // n_embd
    virtual int numLayers() const = 0;          // n_layer
    virtual int64_t vocabSize() const = 0;
};

}  // namespace hullft
