#include "model/load_language_model.h"

#include <filesystem>

#include "common/errors.h"
#include "common/json_io.h"
#include "model/checkpoint_tensors.h"
#include "model/config_fields.h"
#include "model/gpt2_checkpoint.h"
#include "model/safetensors_reader.h"

namespace hullft {
namespace {

std::string configPathOf(const std::string& directory) {
    if (!std::filesystem::is_directory(directory)) throw InputError(directory, "model folder does not exist");
    return (std::filesystem::path(directory) / "config.json").string();
}

}  // namespace

std::shared_ptr<DecoderModel> loadDecoderModel(const std::string& directory, torch::Device device) {
    const DecoderConfig config = readDecoderConfig(configPathOf(directory));
    const std::string source = weightsSourceOf(directory);
    NamedTensors tensors;
    for (auto& [name, tensor] : readModelTensors(directory))
        if (!isStoredDecoderBuffer(name)) tensors.emplace(name, std::move(tensor));
    if (config.tieWordEmbeddings) tensors.erase(tiedHeadName(config));
    ExpectedShapes expected;
    for (const DecoderParameter& parameter : decoderParameters(config)) expected.emplace_back(parameter.name, parameter.shape);
    checkCheckpointShapes(expected, tensors, source, config.architecture);
    auto model = std::make_shared<DecoderModel>(config);
    copyCheckpointTensors(model->namedParameters(), tensors, source);
    model->to(device);
    return model;
}

std::shared_ptr<LanguageModel> loadLanguageModel(const std::string& directory, torch::Device device) {
    const std::string configPath = configPathOf(directory);
    const ConfigFields fields(readJsonFile(configPath), configPath);
    const std::string modelType = fields.stringOr("model_type", "");
    if (modelType == "gpt2") return loadGpt2Model(directory, device);
    if (isDecoderModelType(modelType)) return loadDecoderModel(directory, device);
    fields.fail("model_type", "\"" + modelType + "\" names no supported architecture (supported: " +
                                  supportedDecoderArchitectures() + ")");
}

}  // namespace hullft
