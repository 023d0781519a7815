#include "serve/base_weights_check.h"

#include <cstdio>

#include "common/errors.h"

namespace hullft::serve {
namespace {

// Elements summed at once: bounds the int64 copy (128 MB) a large parameter needs.
constexpr int64_t kChunk = int64_t{16} << 20;

torch::ScalarType bitsType(int64_t elementSize) {
    switch (elementSize) {
        case 1: return torch::kUInt8;
        case 2: return torch::kInt16;
        case 4: return torch::kInt32;
        default: return torch::kInt64;
    }
}

}  // namespace

BaseWeightsCheck::BaseWeightsCheck(LanguageModel& model) : model_(model), fingerprint_(current()) {}

std::string BaseWeightsCheck::current() const {
    torch::NoGradGuard noGrad;
    const auto integers = torch::TensorOptions().dtype(torch::kInt64).device(model_.device());
    torch::Tensor plain = torch::zeros({}, integers), weighted = torch::zeros({}, integers);
    int64_t parameter = 0;
    for (const auto& [name, tensor] : model_.namedParameters()) {
        const torch::Tensor flat = tensor.detach().contiguous().view(-1);
        const torch::Tensor bits = flat.view(bitsType(flat.element_size()));
        const int64_t count = bits.numel();
        ++parameter;
        for (int64_t start = 0; start < count; start += kChunk) {
            const int64_t end = std::min(count, start + kChunk);
            const torch::Tensor chunk = bits.slice(0, start, end).to(torch::kInt64);
            // Position i of parameter p weighs p * 2^40 + i + 1: moved or swapped values count too.
            const torch::Tensor weights = torch::arange(start + 1, end + 1, integers) + (parameter << 40);
            plain += chunk.sum();
            weighted += (chunk * weights).sum();
        }
    }
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(plain.item<int64_t>()),
                  static_cast<unsigned long long>(weighted.item<int64_t>()));
    return hex;
}

void BaseWeightsCheck::verify() const {
    const std::string now = current();
    if (now != fingerprint_)
        throw Error("the model's weights are not the base weights after a request (fingerprint " + now + ", base " +
                    fingerprint_ + ")");
}

}  // namespace hullft::serve
