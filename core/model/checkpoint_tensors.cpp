#include "model/checkpoint_tensors.h"

#include <filesystem>
#include <set>
#include <sstream>

#include "common/errors.h"

namespace hullft {
namespace {

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream text;
    text << shape;
    return text.str();
}

}  // namespace

void checkCheckpointShapes(const ExpectedShapes& expected, const NamedTensors& tensors, const std::string& source,
                           const std::string& architecture) {
    std::set<std::string> unused;
    for (const auto& [name, tensor] : tensors) unused.insert(name);
    for (const auto& [name, shape] : expected) {
        const auto found = tensors.find(name);
        if (found == tensors.end()) throw InputError(source, "missing tensor '" + name + "'");
        if (found->second.sizes() != torch::IntArrayRef(shape))
            throw InputError(source, "tensor '" + name + "' has shape " + shapeText(found->second.sizes()) +
                                         " but config.json implies " + shapeText(shape));
        if (!found->second.is_floating_point()) throw InputError(source, "tensor '" + name + "' is not floating point");
        unused.erase(name);
    }
    if (!unused.empty())
        throw InputError(source, "unexpected tensor '" + *unused.begin() + "' (not part of " + architecture +
                                     " with this config)");
}

void copyCheckpointTensors(const std::vector<std::pair<std::string, torch::Tensor>>& parameters,
                           const NamedTensors& tensors, const std::string& source) {
    torch::NoGradGuard noGrad;
    for (const auto& [name, parameter] : parameters) {
        const torch::Tensor& stored = tensors.at(name);
        if (!torch::isfinite(stored).all().item<bool>())
            throw InputError(source, "tensor '" + name + "' holds NaN or infinite values");
        parameter.copy_(stored);
    }
}

std::string weightsSourceOf(const std::string& directory) {
    const std::filesystem::path folder(directory);
    return std::filesystem::exists(folder / "model.safetensors") ? (folder / "model.safetensors").string()
                                                                  : (folder / "model.safetensors.index.json").string();
}

}  // namespace hullft
