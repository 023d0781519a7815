#include "eval/bpb.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"
#include "model/token_log_probs.h"

namespace hullft {

namespace {

// -ln p of ids[from..end) given ids[start..t), one forward pass over ids[start..end).
void appendWindowLosses(LanguageModel& model, const std::vector<int64_t>& ids, int64_t start, int64_t from, int64_t end,
                        std::vector<double>& losses) {
    const torch::Tensor input =
        torch::tensor(std::vector<int64_t>(ids.begin() + start, ids.begin() + end)).unsqueeze(0);
    const torch::Tensor logProbs = nextTokenLogProbs(model, input).squeeze(0).to(torch::kCPU, torch::kFloat64);
    const auto logProb = logProbs.accessor<double, 1>();
    // Entry i predicts ids[start + i + 1].
    for (int64_t t = from; t < end; ++t) losses.push_back(-logProb[t - start - 1]);
}

}  // namespace

int64_t bpbWindow(const LanguageModel& model) { return std::min(kBpbMaxLength, model.contextLength()); }

int64_t bpbStride(int64_t window) { return std::max<int64_t>(1, window / 2); }

BitsPerByte bitsPerByte(LanguageModel& model, const std::vector<int64_t>& ids, int64_t byteCount, BpbRule rule) {
    if (byteCount <= 0) throw Error("bits per byte needs a text of at least one byte");
    const int64_t total = static_cast<int64_t>(ids.size());
    const int64_t window = bpbWindow(model);
    const int64_t scored = rule == BpbRule::Reference ? std::min(total, window) : total;
    if (std::min(scored, window) < 2)
        throw Error("bits per byte needs at least 2 tokens (the first one is not predicted)");

    torch::NoGradGuard noGrad;
    BitsPerByte result;
    result.rule = rule;
    result.tokens = scored;
    result.bytes = byteCount;
    result.tokenLosses.reserve(scored - 1);
    // Window after window (the full rule's sliding windows, one window for the reference rule):
    // each predicts the tokens the windows before it did not, the rest of it is context only.
    for (int64_t start = 0, predictedUntil = 1;; start += bpbStride(window)) {
        const int64_t end = std::min(start + window, scored);
        appendWindowLosses(model, ids, start, predictedUntil, end, result.tokenLosses);
        predictedUntil = end;
        if (end == scored) break;
    }
    double totalNats = 0.0;
    for (size_t i = 0; i < result.tokenLosses.size(); ++i) {
        // A number that is not one would be printed as JSON null and averaged into a benchmark.
        if (!std::isfinite(result.tokenLosses[i]))
            throw Error("bits per byte: the model's log-probability of token " + std::to_string(i + 1) +
                        " is not finite (its weights or activations overflow float32)");
        totalNats += result.tokenLosses[i];
    }
    result.bpb = totalNats / std::log(2.0) / static_cast<double>(byteCount);
    return result;
}

}  // namespace hullft
