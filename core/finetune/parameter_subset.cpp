#include "finetune/parameter_subset.h"

#include <set>

#include "common/errors.h"
#include "model/language_model.h"

namespace hullft {
namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The last blocks, plus the final norm: it reads the last block's output, so it adapts with it.
bool inLastBlocks(const ParameterPlace& place, int numLayers, int lastBlocks) {
    return place.layer >= numLayers - lastBlocks || (place.layer < 0 && place.norm);
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
            (subset.kind == Kind::LastBlocks && inLastBlocks(model.placeOf(name), numLayers, subset.last_blocks)) ||
            (subset.kind == Kind::BiasAndLayerNorm && (endsWith(name, ".bias") || model.placeOf(name).norm));
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
