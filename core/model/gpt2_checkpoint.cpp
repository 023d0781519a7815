#include "model/gpt2_checkpoint.h"

#include <filesystem>
#include <regex>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "model/decoder_config.h"
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

ExpectedShapes gpt2ExpectedShapes(const Gpt2Config& config, const std::string& configPath) {
    if (config.n_layer > kMaxDecoderLayers)
        throw InputError(configPath, "field 'n_layer' = " + std::to_string(config.n_layer) + " exceeds the limit of " +
                                         std::to_string(kMaxDecoderLayers) + " layers");
    const int64_t e = config.n_embd, inner = config.innerSize();
    ExpectedShapes expected = {{"wte.weight", {config.vocab_size, e}}, {"wpe.weight", {config.n_positions, e}}};
    for (int64_t layer = 0; layer < config.n_layer; ++layer) {
        const std::string h = "h." + std::to_string(layer) + ".";
        const ExpectedShapes block = {
            {h + "ln_1.weight", {e}},          {h + "ln_1.bias", {e}},
            {h + "attn.c_attn.weight", {e, 3 * e}}, {h + "attn.c_attn.bias", {3 * e}},
            {h + "attn.c_proj.weight", {e, e}},     {h + "attn.c_proj.bias", {e}},
            {h + "ln_2.weight", {e}},          {h + "ln_2.bias", {e}},
            {h + "mlp.c_fc.weight", {e, inner}},    {h + "mlp.c_fc.bias", {inner}},
            {h + "mlp.c_proj.weight", {inner, e}},  {h + "mlp.c_proj.bias", {e}}};
        expected.insert(expected.end(), block.begin(), block.end());
    }
    expected.push_back({"ln_f.weight", {e}});
    expected.push_back({"ln_f.bias", {e}});
    if (!config.tie_word_embeddings) expected.push_back({"lm_head.weight", {config.vocab_size, e}});
    return expected;
}

std::shared_ptr<Gpt2Model> loadGpt2Model(const std::string& directory, torch::Device device) {
    const std::filesystem::path folder(directory);
    if (!std::filesystem::is_directory(folder)) throw InputError(directory, "model folder does not exist");
    const std::string configPath = (folder / "config.json").string();
    const Gpt2Config config = readGpt2Config(configPath);
    const std::string source = weightsSourceOf(directory);
    NamedTensors tensors = normalizedNames(readModelTensors(directory), source);
    if (config.tie_word_embeddings) tensors.erase("lm_head.weight");  // a tied head is wte; transformers ignores a stored copy too
    // Checked before the model is built, so a config of absurd size is refused, not allocated.
    checkCheckpointShapes(gpt2ExpectedShapes(config, configPath), tensors, source, "GPT-2");
    auto model = std::make_shared<Gpt2Model>(config);
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
