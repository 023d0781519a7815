#include "datastore/weights_hash.h"

namespace hullft {

void hashParameters(Sha256& hash, const std::vector<std::pair<std::string, torch::Tensor>>& parameters) {
    torch::NoGradGuard noGrad;
    for (const auto& [name, parameter] : parameters) {
        hash.update(name);
        for (const int64_t size : parameter.sizes()) hash.update(&size, sizeof size);
        const torch::Tensor values = parameter.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        hash.update(values.data_ptr<float>(), static_cast<size_t>(values.numel()) * sizeof(float));
    }
}

}  // namespace hullft
