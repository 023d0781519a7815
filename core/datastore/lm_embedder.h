#pragma once

#include <memory>
#include <optional>
#include <string>

#include "datastore/embedder.h"
#include "model/language_model.h"

namespace hullft {

// The default embedder: the language model's hidden state after block `layer`
// (LanguageModel::hiddenStates), mean-pooled over the sequence's tokens, L2-normalised (unless
// constructed with normalize false: HfEmbedder's decoders, TTT-NN's GPT-Neo embedding).
// Sequences longer than the model's context are truncated. The identity names the weights
// (SHA-256 of the parameters), the layer and the pooling, so a store embedded with other
// weights or another layer is recognised and refused.
//
// Batched: sequences are sorted by length and grouped so that a group's padded size stays
// within `batch_tokens`; each group is one forward pass with an attention mask, pooled over
// its real tokens only. A sequence's vector does not depend on its batch (to float rounding).
class LmEmbedder : public Embedder {
public:
    // Padded tokens per forward pass; the attention scores of a pass take
    // batch_tokens x context x heads floats (16384 x 1024 x 4 = 256 MiB for the default model).
    // On the CPU batching does not pay (one intra-op thread, and padding costs more than the
    // fewer passes save: BENCHMARKS.md, "LM embedder throughput"), so 2048 there.
    static constexpr int64_t kCpuBatchTokens = 2048;
    static constexpr int64_t kGpuBatchTokens = 16384;

    // No batchTokens: the default for the model's device.
    // Identity "lm-<hash>-layer<N>-mean", with "-unnormalized" when `normalize` is false.
    LmEmbedder(LanguageModel& model, int layer, std::optional<int64_t> batchTokens = std::nullopt,
               bool normalize = true);
    int64_t dimension() const override { return model_.hiddenSize(); }
    std::string identity() const override { return identity_; }
    bool normalizes() const override { return normalize_; }
    torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) override;
    int layer() const { return layer_; }

    // SHA-256 (hex) over every parameter's name, shape and float32 values, in order.
    static std::string weightsHash(LanguageModel& model);

    // The layer an LM embedder identity names ("lm-<hash>-layer<N>-mean"); nullopt for an
    // identity of another embedder (e.g. hashed n-grams).
    static std::optional<int> layerOfIdentity(const std::string& identity);
    // The embedder of `model` that built a store whose embedder is `storeIdentity`: at the layer
    // that identity names, or at `layer` when given. InputError naming `modelSource` when this
    // model's embedder is another (other weights or layer) or the store was not LM-embedded.
    static std::unique_ptr<LmEmbedder> ofStore(LanguageModel& model, const std::string& storeIdentity,
                                               std::optional<int> layer, const std::string& modelSource);

private:
    // Rows [batch] of `sequences` (at most the context long, longest first) -> [batch, dimension()].
    torch::Tensor embedBatch(const std::vector<std::vector<int64_t>>& sequences, const std::vector<int64_t>& batch);

    LanguageModel& model_;
    int layer_;
    bool normalize_;
    int64_t batchTokens_;
    std::string identity_;
};

}  // namespace hullft
