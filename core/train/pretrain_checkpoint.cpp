#include "train/pretrain_checkpoint.h"

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "common/remove_tree.h"
#include "model/gpt2_checkpoint.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_writer.h"
#include "tokenizer/byte_level_tokenizer.h"

namespace fs = std::filesystem;

namespace hullft {
namespace {

fs::path sibling(const fs::path& directory, const char* suffix) { return directory.string() + suffix; }

bool complete(const fs::path& directory) { return fs::exists(directory / "state.json"); }

}  // namespace

void saveByteLevelModel(Gpt2Model& model, const fs::path& directory) {
    saveGpt2Model(model, directory.string());
    writeFileAtomically((directory / "tokenizer_config.json").string(), byteLevelTokenizerConfigJson());
}

void writePretrainCheckpoint(const fs::path& directory, Gpt2Model& model, const AdamWOptimizer& optimizer,
                             const PretrainProgress& progress) {
    const fs::path staging = sibling(directory, ".new");
    const fs::path previous = sibling(directory, ".old");
    removeTree(staging.string());
    fs::create_directories(staging);
    saveByteLevelModel(model, staging / "model");
    writeSafetensors((staging / "optimizer.safetensors").string(), optimizer.state());
    const nlohmann::json state = {
        {"step", progress.step}, {"seconds", progress.seconds}, {"optimizer_steps", optimizer.steps()}};
    writeFileAtomically((staging / "state.json").string(), state.dump(2));
    removeTree(previous.string());
    if (fs::exists(directory)) fs::rename(directory, previous);
    fs::rename(staging, directory);
    removeTree(previous.string());
}

bool recoverPretrainCheckpoint(const fs::path& directory) {
    const fs::path staging = sibling(directory, ".new");
    const fs::path previous = sibling(directory, ".old");
    if (!complete(directory)) {
        // Killed between the two renames (DIR missing) or while DIR itself was half there.
        removeTree(directory.string());
        if (complete(staging))
            fs::rename(staging, directory);
        else if (complete(previous))
            fs::rename(previous, directory);
    }
    removeTree(staging.string());
    removeTree(previous.string());
    return complete(directory);
}

std::shared_ptr<Gpt2Model> loadPretrainModel(const fs::path& directory, torch::Device device) {
    return loadGpt2Model((directory / "model").string(), device);
}

PretrainProgress loadPretrainOptimizer(const fs::path& directory, AdamWOptimizer& optimizer) {
    const fs::path statePath = directory / "state.json";
    const nlohmann::json state = readJsonFile(statePath.string());
    PretrainProgress progress;
    int64_t optimizerSteps = 0;
    try {
        progress.step = state.at("step").get<int64_t>();
        progress.seconds = state.at("seconds").get<double>();
        optimizerSteps = state.at("optimizer_steps").get<int64_t>();
    } catch (const nlohmann::json::exception& e) {
        throw InputError(statePath.string(), std::string("not a pretraining checkpoint state: ") + e.what());
    }
    const fs::path optimizerPath = directory / "optimizer.safetensors";
    NamedTensors tensors = readSafetensors(optimizerPath.string());
    optimizer.loadState(tensors, optimizerSteps, optimizerPath.string());
    return progress;
}

}  // namespace hullft
