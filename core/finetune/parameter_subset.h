#pragma once

#include <torch/torch.h>

#include <string>
#include <vector>

#include "finetune/finetune_settings.h"

namespace hullft {

class LanguageModel;

// The parameters one query trains, in the model's namedParameters() order.
struct ParameterSubset {
    std::vector<std::string> names;
    std::vector<torch::Tensor> tensors;
    int64_t bytes() const;
};

// Picks the trainable parameters by their Hugging Face GPT-2 names:
//  - All: everything;
//  - LastBlocks k: names "h.{i}...." with i >= numLayers() - k, plus "ln_f." (the final
//    LayerNorm reads the last block's output, so it adapts with it). Not the tied wte/wpe;
//  - BiasAndLayerNorm: names ending in ".bias" or containing "ln_".
// InputError when k exceeds the model's layers or the subset comes out empty.
ParameterSubset selectTrainable(LanguageModel& model, const TrainableSubset& subset);

// For the lifetime of the guard, exactly the `trainable` parameters have requires_grad on, so
// backward neither computes nor stores gradients of the others; the model's own flags are put
// back on destruction.
class TrainableScope {
public:
    TrainableScope(LanguageModel& model, const ParameterSubset& trainable);
    ~TrainableScope();
    TrainableScope(const TrainableScope&) = delete;
    TrainableScope& operator=(const TrainableScope&) = delete;

private:
    std::vector<std::pair<torch::Tensor, bool>> original_flags_;
};

}  // namespace hullft
