#include "model/activation.h"

#include "common/errors.h"

namespace hullft {

torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x) {
    // transformers' NewGELUActivation is 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): the same
    // formula as torch's tanh GELU, which is one fused kernel instead of eight (and their backward).
    if (name == "gelu_new" || name == "gelu_pytorch_tanh") return torch::gelu(x, "tanh");
    if (name == "gelu") return torch::gelu(x);
    if (name == "relu") return torch::relu(x);
    if (name == "silu" || name == "swish") return torch::silu(x);
    throw Error("unsupported activation '" + name + "'");
}

}  // namespace hullft
