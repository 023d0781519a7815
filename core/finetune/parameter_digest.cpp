#include "finetune/parameter_digest.h"

#include "common/sha256.h"

namespace hullft {

std::string parameterDigest(const ParameterSubset& trainable) {
    torch::NoGradGuard noGrad;
    Sha256 hash;
    for (size_t i = 0; i < trainable.tensors.size(); ++i) {
        const std::string& name = trainable.names[i];
        hash.update(name.c_str(), name.size() + 1);
        const torch::Tensor host = trainable.tensors[i].detach().to(torch::kCPU).contiguous();
        hash.update(host.data_ptr(), static_cast<size_t>(host.numel() * host.element_size()));
    }
    return hash.finishHex();
}

}  // namespace hullft
