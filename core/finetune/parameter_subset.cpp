#include "finetune/parameter_subset.h"

#include <set>

#include "common/errors.h"
#include "model/language_model.h"

namespace hullft {
namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool inLastBlocks(const std::string& name, int numLayers, int lastBlocks) {
    if (startsWith(name, "ln_f.")) return true;
    for (int layer = numLayers - lastBlocks; layer < numLayers; ++layer) {
        if (startsWith(name, "h." + std::to_string(layer) + ".")) return true;
    }
    return false;
}

bool isBiasOrLayerNorm(const std::string& name) {
    return endsWith(name, ".bias") || name.find("ln_") != std::string::npos;
}

}  // namespace

int64_t ParameterSubset::bytes() const {
    int64_t total = 0;
    for (const torch::Tensor& tensor : tensors) total += tensor.numel() * tensor.element_size();
    return total;
}

ParameterSubset selectTrainable(LanguageModel& model, const TrainableSubset& subset) {
    using Kind = TrainableSubset::Kind;
    const int numLayers = model.numLayers();
    if (subset.kind == Kind::LastBlocks && (subset.last_blocks < 1 || subset.last_blocks > numLayers)) {
        throw InputError("finetune settings",
                         "trainable.last_blocks = " + std::to_string(subset.last_blocks) +
                             " must lie in [1, " + std::to_string(numLayers) + "] (the model's layers)");
    }
    ParameterSubset selected;
    for (auto& [name, tensor] : model.namedParameters()) {
        const bool take =
            subset.kind == Kind::All ||
            (subset.kind == Kind::LastBlocks && inLastBlocks(name, numLayers, subset.last_blocks)) ||
            (subset.kind == Kind::BiasAndLayerNorm && isBiasOrLayerNorm(name));
        if (!take) continue;
        selected.names.push_back(name);
        selected.tensors.push_back(tensor);
    }
    if (selected.tensors.empty()) {
        throw InputError("finetune settings", "the trainable subset selects no parameter of the model");
    }
    return selected;
}

TrainableScope::TrainableScope(LanguageModel& model, const ParameterSubset& trainable) {
    std::set<const void*> trainableImpls;
    for (const torch::Tensor& tensor : trainable.tensors) trainableImpls.insert(tensor.unsafeGetTensorImpl());
    for (auto& entry : model.namedParameters()) {
        torch::Tensor& tensor = entry.second;
        original_flags_.emplace_back(tensor, tensor.requires_grad());
        tensor.set_requires_grad(trainableImpls.count(tensor.unsafeGetTensorImpl()) > 0);
    }
}

TrainableScope::~TrainableScope() {
    for (auto& [tensor, flag] : original_flags_) tensor.set_requires_grad(flag);
}

}  // namespace hullft
