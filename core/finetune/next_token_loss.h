#pragma once

#include <torch/torch.h>

namespace hullft {

class LanguageModel;

// Mean next-token cross-entropy (nats) of one sequence of ids [T] (T >= 2) at its own length:
// a batch of one, no attention mask, no padding, so every processed token is a real one. The
// ids must already be checked against the model's vocabulary and context (they are not read
// back from the device).
torch::Tensor nextTokenLoss(LanguageModel& model, const torch::Tensor& ids);

}  // namespace hullft
