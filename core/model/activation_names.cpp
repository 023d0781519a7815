#include "model/activation_names.h"

namespace hullft {

bool isSupportedActivation(const std::string& name) {
    return name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu" || name == "relu" || name == "silu" ||
           name == "swish";
}

const char* supportedActivationNames() { return "gelu_new, gelu_pytorch_tanh, gelu, relu, silu, swish"; }

}  // namespace hullft
