#include "finetune/next_token_loss.h"

#include "model/language_model.h"

namespace hullft {

torch::Tensor nextTokenLoss(LanguageModel& model, const torch::Tensor& ids) {
    const int64_t length = ids.size(0);
    const torch::Tensor logits = model.trainingLogits(ids.unsqueeze(0)).squeeze(0);  // [T, vocab]
    // Position t predicts token t + 1; the last position has nothing to predict.
    return torch::nn::functional::cross_entropy(logits.slice(0, 0, length - 1).to(torch::kFloat32),
                                                ids.slice(0, 1, length));
}

}  // namespace hullft
