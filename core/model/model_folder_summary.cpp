#include "model/model_folder_summary.h"

#include <filesystem>
#include <set>

#include "common/errors.h"
#include "common/json_io.h"
#include "model/config_fields.h"
#include "model/decoder_config.h"
#include "model/decoder_parameters.h"
#include "model/gpt2_checkpoint.h"
#include "model/gpt2_config.h"
#include "model/mapped_file.h"
#include "model/safetensors_header.h"
#include "model/safetensors_reader.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> weightFiles(const fs::path& folder) {
    if (fs::exists(folder / "model.safetensors")) return {(folder / "model.safetensors").string()};
    const std::string indexPath = (folder / "model.safetensors.index.json").string();
    if (!fs::exists(indexPath))
        throw InputError(folder.string(), "no model.safetensors or model.safetensors.index.json in the model folder");
    std::vector<std::string> files;
    for (const auto& [shard, names] : readShardIndex(indexPath)) files.push_back((folder / shard).string());
    return files;
}

const char* dtypeName(SafetensorsDtype dtype) {
    switch (dtype) {
        case SafetensorsDtype::F64: return "fp64";
        case SafetensorsDtype::F32: return "fp32";
        case SafetensorsDtype::F16: return "fp16";
        case SafetensorsDtype::BF16: return "bf16";
        default: return "int";
    }
}

}  // namespace

ModelFolderSummary describeModelFolder(const std::string& directory) {
    const fs::path folder(directory);
    if (!fs::is_directory(folder)) throw InputError(directory, "model folder does not exist");
    const std::string configPath = (folder / "config.json").string();
    const std::string text = readFileBytes(configPath);
    const std::string modelType = ConfigFields(parseJson(text, configPath), configPath).stringOr("model_type", "");
    ModelFolderSummary summary;
    const bool gpt2 = modelType == "gpt2";
    std::string storedTiedHead;  // a stored copy of a tied head is not a parameter of its own
    if (gpt2) {
        const Gpt2Config config = parseGpt2Config(text, configPath);
        summary = {"GPT2LMHeadModel", 0, "", config.n_layer, config.n_embd, config.vocab_size, config.n_positions};
        if (config.tie_word_embeddings) storedTiedHead = "lm_head.weight";
    } else {
        const DecoderConfig config = parseDecoderConfig(text, configPath);
        summary = {config.architecture, 0, "", config.numLayers, config.hiddenSize, config.vocabSize, config.maxPositions};
        if (config.tieWordEmbeddings) storedTiedHead = tiedHeadName(config);
    }
    std::set<std::string> dtypes;
    for (const std::string& path : weightFiles(folder)) {
        const MappedFile file(path);
        summary.file_bytes += static_cast<int64_t>(file.bytes().size());
        for (const SafetensorsTensorInfo& tensor : parseSafetensorsHeader(file.bytes(), path).tensors) {
            if (tensor.name == storedTiedHead) continue;
            if (gpt2 ? isStoredGpt2Buffer(tensor.name) : isStoredDecoderBuffer(tensor.name)) continue;
            int64_t elements = 1;
            for (const int64_t size : tensor.shape) elements *= size;
            summary.parameters += elements;
            dtypes.insert(dtypeName(tensor.dtype));
        }
    }
    summary.dtype = dtypes.size() == 1 ? *dtypes.begin() : "mixed";
    summary.loaded_bytes = summary.parameters * 4;
    summary.full_finetune_bytes = summary.loaded_bytes * 5;
    return summary;
}

}  // namespace hullft
