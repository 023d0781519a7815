#include "model/vocabulary_projection.h"

#include "model/bf16_autocast.h"

namespace hullft {

torch::Tensor bf16VocabularyProjection(const torch::Tensor& hidden, const torch::Tensor& weight) {
    Bf16AutocastScope autocast(true);
    constexpr int64_t kRowMultiple = 8;
    const int64_t vocab = weight.size(0);
    const int64_t padding = (kRowMultiple - vocab % kRowMultiple) % kRowMultiple;
    const torch::Tensor padded = torch::constant_pad_nd(weight.to(torch::kBFloat16), {0, 0, 0, padding});
    return torch::linear(hidden, padded).slice(-1, 0, vocab);
}

}  // namespace hullft
