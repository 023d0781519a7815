#include "eval/token_scores.h"

#include <algorithm>

#include "common/errors.h"

namespace hullft {

std::vector<ScoredToken> scoreTokens(LanguageModel& model, const std::vector<int64_t>& ids, int topK) {
    const int64_t length = static_cast<int64_t>(ids.size());
    if (length > model.contextLength())
        throw InputError("tokens", std::to_string(length) + " tokens do not fit the model's context of " +
                                       std::to_string(model.contextLength()));
    std::vector<ScoredToken> scored;
    if (length < 2) return scored;
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::tensor(ids).unsqueeze(0).to(model.device());
    // Entry t predicts ids[t + 1]; float32 like nextTokenLogProbs, whatever the model computes in.
    const torch::Tensor logProbs =
        torch::log_softmax(model.logits(input).squeeze(0).slice(0, 0, length - 1).to(torch::kFloat32), -1);
    const torch::Tensor targets = torch::tensor(std::vector<int64_t>(ids.begin() + 1, ids.end())).to(model.device());
    const torch::Tensor chosen = logProbs.gather(1, targets.unsqueeze(1)).squeeze(1).to(torch::kCPU, torch::kFloat64);
    const auto chosenValues = chosen.accessor<double, 1>();
    const int64_t k = std::min<int64_t>(topK, model.vocabSize());
    torch::Tensor topValues, topIds;
    if (k > 0) {
        const auto [values, indices] = logProbs.topk(k, -1);
        topValues = values.to(torch::kCPU, torch::kFloat64);
        topIds = indices.to(torch::kCPU);
    }
    scored.resize(static_cast<size_t>(length - 1));
    for (int64_t t = 0; t < length - 1; ++t) scored[static_cast<size_t>(t)].logprob = chosenValues[t];
    if (k == 0) return scored;
    const auto values = topValues.accessor<double, 2>();
    const auto tokens = topIds.accessor<int64_t, 2>();
    for (int64_t t = 0; t < length - 1; ++t)
        for (int64_t j = 0; j < k; ++j) scored[static_cast<size_t>(t)].top.emplace_back(tokens[t][j], values[t][j]);
    return scored;
}

}  // namespace hullft
