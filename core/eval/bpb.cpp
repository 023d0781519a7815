#include "eval/bpb.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "model/token_log_probs.h"

namespace hullft {

BitsPerByte bitsPerByte(LanguageModel& model, const std::vector<int64_t>& ids, int64_t byteCount, int64_t maxLength) {
    if (byteCount <= 0) throw Error("bits per byte needs a text of at least one byte");
    const int64_t kept = std::min<int64_t>({static_cast<int64_t>(ids.size()), maxLength, model.contextLength()});
    if (kept < 2) throw Error("bits per byte needs at least 2 tokens (the first one is not predicted)");

    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::tensor(std::vector<int64_t>(ids.begin(), ids.begin() + kept)).unsqueeze(0);
    const torch::Tensor logProbs = nextTokenLogProbs(model, input).squeeze(0).to(torch::kCPU, torch::kFloat64);

    BitsPerByte result;
    result.tokens = kept;
    result.bytes = byteCount;
    result.tokenLosses.reserve(kept - 1);
    const auto logProb = logProbs.accessor<double, 1>();
    double totalNats = 0.0;
    for (int64_t t = 0; t < kept - 1; ++t) {
        result.tokenLosses.push_back(-logProb[t]);
        totalNats += result.tokenLosses.back();
    }
    result.bpb = totalNats / std::log(2.0) / static_cast<double>(byteCount);
    return result;
}

}  // namespace hullft
