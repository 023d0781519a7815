#include "model/nested_parameters.h"

namespace hullft {

torch::Tensor registerNestedParameter(torch::nn::Module& root, const std::string& dottedName, torch::Tensor tensor) {
    torch::nn::Module* module = &root;
    size_t start = 0;
    for (size_t dot = dottedName.find('.'); dot != std::string::npos; dot = dottedName.find('.', start)) {
        const std::string part = dottedName.substr(start, dot - start);
        const auto children = module->named_children();
        const auto* found = children.find(part);
        module = found ? found->get() : module->register_module(part, std::make_shared<torch::nn::Module>()).get();
        start = dot + 1;
    }
    return module->register_parameter(dottedName.substr(start), std::move(tensor));
}

}  // namespace hullft
