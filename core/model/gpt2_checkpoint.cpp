#include "model/gpt2_checkpoint.h"

#include <filesystem>
#include <regex>
#include <sstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_writer.h"

namespace hullft {
namespace {

const std::string kPrefix = "transformer.";

std::string shapeText(torch::IntArrayRef shape) {
    std::ostringstream text;
    text << shape;
    return text.str();
}

// Checkpoint names in the model's own spelling (no "transformer." prefix), without the buffers.
NamedTensors normalizedNames(NamedTensors stored, const std::string& source) {
    static const std::regex maskBuffer(R"(h\.\d+\.attn\.(bias|masked_bias))");
    NamedTensors tensors;
    for (auto& [storedName, tensor] : stored) {
        const std::string name =
            storedName.rfind(kPrefix, 0) == 0 ? storedName.substr(kPrefix.size()) : storedName;
        if (std::regex_match(name, maskBuffer)) continue;
        if (!tensors.emplace(name, std::move(tensor)).second)
            throw InputError(source, "tensor '" + name + "' is stored twice (with and without 'transformer.')");
    }
    return tensors;
}

void copyWeights(Gpt2Model& model, NamedTensors tensors, const std::string& source) {
    torch::NoGradGuard noGrad;
    const bool tied = model.config().tie_word_embeddings;
    if (tied) tensors.erase("lm_head.weight");  // a tied head is wte; transformers ignores a stored copy too
    for (auto& [name, parameter] : model.namedParameters()) {
        const auto found = tensors.find(name);
        if (found == tensors.end()) throw InputError(source, "missing tensor '" + name + "'");
        if (found->second.sizes() != parameter.sizes())
            throw InputError(source, "tensor '" + name + "' has shape " + shapeText(found->second.sizes()) +
                                         " but config.json implies " + shapeText(parameter.sizes()));
        if (!found->second.is_floating_point())
            throw InputError(source, "tensor '" + name + "' is not floating point");
        parameter.copy_(found->second);
        tensors.erase(found);
    }
    if (!tensors.empty())
        throw InputError(source, "unexpected tensor '" + tensors.begin()->first + "' (not part of GPT-2 with this config)");
}

std::string weightsSource(const std::filesystem::path& folder) {
    return std::filesystem::exists(folder / "model.safetensors") ? (folder / "model.safetensors").string()
                                                                  : (folder / "model.safetensors.index.json").string();
}

}  // namespace

std::shared_ptr<Gpt2Model> loadGpt2Model(const std::string& directory, torch::Device device) {
    const std::filesystem::path folder(directory);
    if (!std::filesystem::is_directory(folder)) throw InputError(directory, "model folder does not exist");
    const Gpt2Config config = readGpt2Config((folder / "config.json").string());
    auto model = std::make_shared<Gpt2Model>(config);
    const std::string source = weightsSource(folder);
    copyWeights(*model, normalizedNames(readModelTensors(directory), source), source);
    model->to(device);
    return model;
}

void saveGpt2Model(Gpt2Model& model, const std::string& directory) {
    const std::filesystem::path folder(directory);
    std::filesystem::create_directories(folder);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [name, parameter] : model.namedParameters()) {
        // transformers saves GPT2LMHeadModel's body under "transformer." and the head without it.
        const std::string stored = name.rfind("lm_head.", 0) == 0 ? name : kPrefix + name;
        tensors.emplace_back(stored, parameter.detach().to(torch::kCPU, torch::kFloat32));
    }
    writeSafetensors((folder / "model.safetensors").string(), tensors);
    writeFileAtomically((folder / "config.json").string(), gpt2ConfigJson(model.config()));
}

}  // namespace hullft
