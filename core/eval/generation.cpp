#include "eval/generation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "common/errors.h"
#include "model/bf16_autocast.h"

namespace hullft {
namespace {

int64_t greedyToken(const std::vector<double>& logits) {
    return std::max_element(logits.begin(), logits.end()) - logits.begin();  // first maximum
}

// Temperature, then top-k, then top-p (nucleus) over the tokens sorted by probability.
int64_t sampledToken(const std::vector<double>& logits, const GenerationOptions& options, std::mt19937_64& random) {
    std::vector<int64_t> order(logits.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return logits[a] > logits[b]; });
    if (options.topK > 0 && options.topK < static_cast<int64_t>(order.size())) order.resize(options.topK);

    std::vector<double> probabilities(order.size());
    const double top = logits[order.front()] / options.temperature;
    for (size_t i = 0; i < order.size(); ++i) probabilities[i] = std::exp(logits[order[i]] / options.temperature - top);
    const double total = std::accumulate(probabilities.begin(), probabilities.end(), 0.0);
    double cumulative = 0.0;
    size_t kept = 0;
    while (kept < probabilities.size() && (kept == 0 || cumulative < options.topP * total))
        cumulative += probabilities[kept++];

    // Inverse CDF with a 53-bit uniform draw: the same on every platform, unlike std distributions.
    const double draw = static_cast<double>(random() >> 11) * 0x1.0p-53 * cumulative;
    double running = 0.0;
    for (size_t i = 0; i < kept; ++i) {
        running += probabilities[i];
        if (draw < running) return order[i];
    }
    return order[kept - 1];
}

void checkOptions(const LanguageModel& model, const std::vector<int64_t>& prompt, const GenerationOptions& options) {
    if (prompt.empty()) throw Error("generation needs a non-empty prompt");
    if (static_cast<int64_t>(prompt.size()) >= model.contextLength())
        throw Error("prompt of " + std::to_string(prompt.size()) + " tokens leaves no room in a context of " +
                    std::to_string(model.contextLength()));
    if (options.sample && !(options.temperature > 0.0)) throw Error("sampling temperature must be positive");
    if (options.sample && !(options.topP > 0.0 && options.topP <= 1.0)) throw Error("top_p must be in (0, 1]");
}

}  // namespace

std::vector<int64_t> generate(LanguageModel& model, const std::vector<int64_t>& prompt, const GenerationOptions& options,
                              const CancellationToken* cancel) {
    checkOptions(model, prompt, options);
    torch::NoGradGuard noGrad;
    // One autocast scope for the whole continuation: the weights are cast to bf16 once, not on
    // every token (the model's own scope per forward would clear the cast cache each time).
    Bf16AutocastScope autocast(model.computePrecision() == ComputePrecision::Bfloat16 && model.device().is_cuda());
    std::mt19937_64 random(options.seed);
    KvCache cache;
    torch::Tensor next = torch::tensor(prompt).unsqueeze(0);
    std::vector<int64_t> produced;
    const auto roomLeft = [&] { return static_cast<int64_t>(prompt.size() + produced.size()) < model.contextLength(); };
    while (static_cast<int64_t>(produced.size()) < options.maxNewTokens && roomLeft()) {
        if (cancel) cancel->throwIfCancelled();
        const torch::Tensor last = model.logitsWithCache(next, cache).select(1, -1).squeeze(0);
        const torch::Tensor row = last.to(torch::kCPU, torch::kFloat64).contiguous();
        const std::vector<double> logits(row.data_ptr<double>(), row.data_ptr<double>() + row.numel());
        const int64_t token = options.sample ? sampledToken(logits, options, random) : greedyToken(logits);
        if (options.endOfTextId && token == *options.endOfTextId) break;
        produced.push_back(token);
        next = torch::tensor(std::vector<int64_t>{token}).unsqueeze(0);
    }
    return produced;
}

}  // namespace hullft
