#include "model/language_model.h"

#include "common/errors.h"

namespace hullft {

std::vector<std::pair<std::string, torch::Tensor>> LanguageModel::namedParameters() {
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto& item : module().named_parameters()) result.emplace_back(item.key(), item.value());
    return result;
}

void LanguageModel::setLoraAdapters(const LoraAdapters* adapters) {
    if (adapters) throw Error(architecture() + " does not support LoRA adapters");
}

torch::Tensor LanguageModel::batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer) {
    const int64_t width = ids.size(1);
    std::vector<torch::Tensor> rows;
    for (int64_t row = 0; row < ids.size(0); ++row) {
        const int64_t length = attentionMask.defined() ? attentionMask[row].ne(0).sum().item<int64_t>() : width;
        const torch::Tensor states = hiddenStates(ids[row].narrow(0, 0, length), layer);
        rows.push_back(torch::constant_pad_nd(states, {0, 0, 0, width - length}));
    }
    return torch::stack(rows);
}

}  // namespace hullft
