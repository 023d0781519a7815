#include "model/load_encoder_model.h"

#include <filesystem>

#include "common/errors.h"
#include "model/checkpoint_tensors.h"
#include "model/pytorch_state_dict.h"
#include "model/safetensors_reader.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The weights file a folder holds and its source name for errors: safetensors first.
std::string weightsFileOf(const std::string& directory) {
    const fs::path folder(directory);
    for (const char* name : {"model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"})
        if (fs::exists(folder / name)) return (folder / name).string();
    throw InputError(directory,
                     "holds no weights: expected model.safetensors, model.safetensors.index.json or "
                     "pytorch_model.bin");
}

// Checkpoint names as the encoder's: the task model's prefix dropped, heads and buffers skipped.
NamedTensors encoderTensors(NamedTensors stored, const EncoderConfig& config) {
    const std::string prefix = config.modelType + ".";
    NamedTensors tensors;
    for (auto& [storedName, tensor] : stored) {
        std::string name = startsWith(storedName, prefix) ? storedName.substr(prefix.size()) : storedName;
        if (startsWith(name, "lm_head.") || startsWith(name, "cls.") || startsWith(name, "pooler.") ||
            name == "embeddings.position_ids" || name == "embeddings.token_type_ids")
            continue;
        if (endsWith(name, "LayerNorm.gamma")) name.replace(name.size() - 5, 5, "weight");
        if (endsWith(name, "LayerNorm.beta")) name.replace(name.size() - 4, 4, "bias");
        tensors.emplace(name, std::move(tensor));
    }
    return tensors;
}

}  // namespace

std::shared_ptr<EncoderModel> loadEncoderModel(const std::string& directory, torch::Device device) {
    if (!fs::is_directory(directory)) throw InputError(directory, "model folder does not exist");
    const EncoderConfig config = readEncoderConfig((fs::path(directory) / "config.json").string());
    const std::string source = weightsFileOf(directory);
    NamedTensors tensors = encoderTensors(
        endsWith(source, ".bin") ? readPytorchStateDict(source) : readModelTensors(directory), config);
    const std::string architecture = config.family == EncoderFamily::Roberta ? "RobertaModel" : "BertModel";
    checkCheckpointShapes(encoderParameterShapes(config), tensors, source, architecture);
    auto model = std::make_shared<EncoderModel>(config);
    copyCheckpointTensors(model->namedParameters(), tensors, source);
    model->to(device);
    return model;
}

}  // namespace hullft
