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

// Picks the trainable parameters by where they sit (LanguageModel::placeOf), in any family:
//  - All: everything;
//  - LastBlocks k: the parameters of blocks i >= numLayers() - k, plus the final norm (it reads
//    the last block's output, so it adapts with it). Not the embeddings or an untied head;
//  - BiasAndLayerNorm: names ending in ".bias" and every normalisation parameter.
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
