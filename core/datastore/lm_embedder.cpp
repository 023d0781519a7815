#include "datastore/lm_embedder.h"

#include <algorithm>

#include "common/errors.h"
#include "common/sha256.h"
#include "datastore/length_sorted_batches.h"
#include "datastore/weights_hash.h"

namespace hullft {

LmEmbedder::LmEmbedder(LanguageModel& model, int layer, std::optional<int64_t> batchTokens, bool normalize)
    : model_(model),
      layer_(layer),
      normalize_(normalize),
      batchTokens_(batchTokens.value_or(model.device().is_cpu() ? kCpuBatchTokens : kGpuBatchTokens)) {
    if (batchTokens_ < 1)
        throw InputError("embedding batch", "batch_tokens must be positive, got " + std::to_string(batchTokens_));
    if (layer < 0 || layer > model.numLayers())
        throw InputError("embedding layer", std::to_string(layer) + " is outside 0.." + std::to_string(model.numLayers()));
    identity_ = "lm-" + weightsHash(model).substr(0, 16) + "-layer" + std::to_string(layer) + "-mean" +
                (normalize ? "" : "-unnormalized");
}

std::string LmEmbedder::weightsHash(LanguageModel& model) {
    Sha256 hash;
    hashParameters(hash, model.namedParameters());
    return hash.finishHex();
}

std::optional<int> LmEmbedder::layerOfIdentity(const std::string& identity) {
    const std::string prefix = "lm-";
    const auto at = identity.find("-layer");
    if (identity.rfind(prefix, 0) != 0 || at == std::string::npos) return std::nullopt;
    return std::atoi(identity.c_str() + at + 6);
}

std::unique_ptr<LmEmbedder> LmEmbedder::ofStore(LanguageModel& model, const std::string& storeIdentity,
                                                std::optional<int> layer, const std::string& modelSource) {
    const std::optional<int> storeLayer = layerOfIdentity(storeIdentity);
    if (!storeLayer && !layer)
        throw InputError(modelSource, "the store was built with another embedder (" + storeIdentity +
                                          "); queries need a store built with --embedder lm");
    const int chosen = layer.value_or(*storeLayer);
    if (chosen < 0 || chosen > model.numLayers())
        throw InputError("--layer", "must lie in [0, " + std::to_string(model.numLayers()) + "], got " + std::to_string(chosen));
    auto embedder = std::make_unique<LmEmbedder>(model, chosen);
    if (embedder->identity() != storeIdentity)
        throw InputError(modelSource, "this model (embedder '" + embedder->identity() + "') did not build the store (embedder '" +
                                          storeIdentity + "'); pass the --model and --layer it was built with");
    return embedder;
}

torch::Tensor LmEmbedder::embed(const std::vector<std::vector<int64_t>>& sequences) {
    torch::NoGradGuard noGrad;
    std::vector<int64_t> lengths;
    for (const std::vector<int64_t>& sequence : sequences) {
        if (sequence.empty()) throw InputError("LM embedder", "cannot embed an empty sequence");
        lengths.push_back(std::min<int64_t>(model_.contextLength(), static_cast<int64_t>(sequence.size())));
    }
    torch::Tensor result = torch::empty({static_cast<int64_t>(sequences.size()), dimension()}, torch::kFloat32);
    for (const std::vector<int64_t>& batch : lengthSortedBatches(lengths, batchTokens_))
        result.index_copy_(0, torch::tensor(batch, torch::kInt64), embedBatch(sequences, batch));
    return result;
}

torch::Tensor LmEmbedder::embedBatch(const std::vector<std::vector<int64_t>>& sequences, const std::vector<int64_t>& batch) {
    const auto rows = static_cast<int64_t>(batch.size());
    const int64_t width = std::min<int64_t>(model_.contextLength(), static_cast<int64_t>(sequences[batch.front()].size()));
    torch::Tensor ids = torch::zeros({rows, width}, torch::kInt64);  // padding id 0: any valid id, it is masked
    torch::Tensor mask = torch::zeros({rows, width}, torch::kBool);
    for (int64_t row = 0; row < rows; ++row) {
        const std::vector<int64_t>& sequence = sequences[batch[row]];
        const int64_t length = std::min<int64_t>(width, static_cast<int64_t>(sequence.size()));
        std::copy_n(sequence.begin(), length, ids[row].data_ptr<int64_t>());
        mask[row].narrow(0, 0, length).fill_(true);
    }
    const bool padded = !mask.all().item<bool>();
    const torch::Device device = model_.device();
    const torch::Tensor real = mask.to(device).unsqueeze(-1);
    const torch::Tensor hidden =
        model_.batchHiddenStates(ids.to(device), padded ? mask.to(device) : torch::Tensor(), layer_).to(torch::kFloat32);
    // Mean pooling over real tokens only (masked_fill, not a product: padded states could be
    // anything), then unit norm unless asked not to: cosine geometry for inner-product search.
    const torch::Tensor pooled = hidden.masked_fill(real.logical_not(), 0.0).sum(1) / real.sum(1).to(torch::kFloat32);
    if (!normalize_) return pooled.to(torch::kCPU);
    return (pooled / pooled.norm(2, 1, true).clamp_min(1e-12)).to(torch::kCPU);
}

}  // namespace hullft
