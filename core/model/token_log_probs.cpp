#include "model/token_log_probs.h"

namespace hullft {

torch::Tensor nextTokenLogProbs(LanguageModel& model, const torch::Tensor& ids, const torch::Tensor& attentionMask) {
    const int64_t length = ids.size(1);
    const torch::Tensor logits = model.logits(ids, attentionMask).narrow(1, 0, length - 1).to(torch::kFloat32);
    const torch::Tensor targets = ids.narrow(1, 1, length - 1).to(logits.device()).unsqueeze(-1);
    return torch::log_softmax(logits, -1).gather(-1, targets).squeeze(-1);
}

}  // namespace hullft
