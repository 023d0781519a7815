#include "datastore/lm_embedder.h"

#include "common/errors.h"
#include "common/sha256.h"

namespace hullft {

LmEmbedder::LmEmbedder(LanguageModel& model, int layer) : model_(model), layer_(layer) {
    if (layer < 0 || layer > model.numLayers())
        throw InputError("embedding layer", std::to_string(layer) + " is outside 0.." + std::to_string(model.numLayers()));
    identity_ = "lm-" + weightsHash(model).substr(0, 16) + "-layer" + std::to_string(layer) + "-mean";
}

std::string LmEmbedder::weightsHash(LanguageModel& model) {
    torch::NoGradGuard noGrad;
    Sha256 hash;
    for (const auto& [name, parameter] : model.namedParameters()) {
        hash.update(name);
        for (const int64_t size : parameter.sizes()) hash.update(&size, sizeof size);
        const torch::Tensor values = parameter.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        hash.update(values.data_ptr<float>(), static_cast<size_t>(values.numel()) * sizeof(float));
    }
    return hash.finishHex();
}

std::optional<int> LmEmbedder::layerOfIdentity(const std::string& identity) {
    const std::string prefix = "lm-";
    const auto at = identity.find("-layer");
    if (identity.rfind(prefix, 0) != 0 || at == std::string::npos) return std::nullopt;
    return std::atoi(identity.c_str() + at + 6);
}

torch::Tensor LmEmbedder::embed(const std::vector<std::vector<int64_t>>& sequences) {
    torch::NoGradGuard noGrad;
    const int64_t context = model_.contextLength();
    torch::Tensor result = torch::empty({static_cast<int64_t>(sequences.size()), dimension()}, torch::kFloat32);
    for (size_t row = 0; row < sequences.size(); ++row) {
        const std::vector<int64_t>& sequence = sequences[row];
        if (sequence.empty()) throw InputError("LM embedder", "cannot embed an empty sequence");
        const int64_t length = std::min<int64_t>(context, static_cast<int64_t>(sequence.size()));
        const torch::Tensor ids = torch::tensor(std::vector<int64_t>(sequence.begin(), sequence.begin() + length),
                                                torch::kInt64).to(model_.device());
        // Mean pooling over tokens, then unit norm (cosine geometry for inner-product search).
        const torch::Tensor pooled = model_.hiddenStates(ids, layer_).to(torch::kFloat32).mean(0);
        result[static_cast<int64_t>(row)] = (pooled / pooled.norm().clamp_min(1e-12)).to(torch::kCPU);
    }
    return result;
}

}  // namespace hullft
