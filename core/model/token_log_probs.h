#pragma once

#include <torch/torch.h>

#include "model/language_model.h"

namespace hullft {

// log p(ids[:, t] | ids[:, <t]) for t = 1..T-1: [B, T-1] float32, on the model's device.
// The first token is not predicted. Computed in float32 whatever the model's precision.
torch::Tensor nextTokenLogProbs(LanguageModel& model, const torch::Tensor& ids, const torch::Tensor& attentionMask = {});

}  // namespace hullft
