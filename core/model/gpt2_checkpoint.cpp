#include "model/gpt2_checkpoint.h"

#include <filesystem>
#include <regex>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "model/checkpoint_tensors.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_writer.h"

namespace hullft {
namespace {

const std::string kPrefix = "transformer.";

// Checkpoint names in the model's own spelling (no "transformer." prefix), without the buffers.
NamedTensors normalizedNames(NamedTensors stored, const std::string& source) {
    NamedTensors tensors;
    for (auto& [storedName, tensor] : stored) {
        const std::string name =
            storedName.rfind(kPrefix, 0) == 0 ? storedName.substr(kPrefix.size()) : storedName;
        if (isStoredGpt2Buffer(name)) continue;
        if (!tensors.emplace(name, std::move(tensor)).second)
            throw InputError(source, "tensor '" + name + "' is stored twice (with and without 'transformer.')");
    }
    return tensors;
}

}  // namespace

bool isStoredGpt2Buffer(const std::string& name) {
    static const std::regex maskBuffer(R"((transformer\.)?h\.\d+\.attn\.(bias|masked_bias))");
    return std::regex_match(name, maskBuffer);
}

std::shared_ptr<Gpt2Model> loadGpt2Model(const std::string& directory, torch::Device device) {
    const std::filesystem::path folder(directory);
    if (!std::filesystem::is_directory(folder)) throw InputError(directory, "model folder does not exist");
    const Gpt2Config config = readGpt2Config((folder / "config.json").string());
    auto model = std::make_shared<Gpt2Model>(config);
    const std::string source = weightsSourceOf(directory);
    NamedTensors tensors = normalizedNames(readModelTensors(directory), source);
    if (config.tie_word_embeddings) tensors.erase("lm_head.weight");  // a tied head is wte; transformers ignores a stored copy too
    ExpectedShapes expected;
    for (const auto& [name, parameter] : model->namedParameters())
        expected.emplace_back(name, parameter.sizes().vec());
    checkCheckpointShapes(expected, tensors, source, "GPT-2");
    copyCheckpointTensors(model->namedParameters(), tensors, source);
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
