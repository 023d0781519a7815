#include "train/pretrain_config.h"

#include <filesystem>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {

namespace {

template <typename T>
void readField(const nlohmann::json& json, const std::string& path, const char* name, T& field) {
    if (!json.contains(name)) return;  // keep the default
    try {
        field = json.at(name).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw InputError(path, std::string("field '") + name + "' has the wrong type");
    }
}

void requirePositive(const std::string& path, const char* name, double value) {
    if (!(value > 0)) throw InputError(path, std::string("field '") + name + "' must be positive");
}

std::string resolve(const std::string& configPath, const std::string& file) {
    if (file.empty() || std::filesystem::path(file).is_absolute()) return file;
    return (std::filesystem::path(configPath).parent_path() / file).lexically_normal().string();
}

}  // namespace

PretrainConfig loadPretrainConfig(const std::string& path) {
    const nlohmann::json json = readJsonFile(path);
    if (!json.is_object()) throw InputError(path, "expected a JSON object");
    PretrainConfig config;
    readField(json, path, "n_layer", config.n_layer);
    readField(json, path, "n_head", config.n_head);
    readField(json, path, "n_embd", config.n_embd);
    readField(json, path, "n_positions", config.n_positions);
    readField(json, path, "vocab_size", config.vocab_size);
    readField(json, path, "train_file", config.train_file);
    readField(json, path, "heldout_file", config.heldout_file);
    readField(json, path, "heldout_domains", config.heldout_domains);
    readField(json, path, "steps", config.steps);
    readField(json, path, "batch_size", config.batch_size);
    readField(json, path, "sequence_length", config.sequence_length);
    readField(json, path, "learning_rate", config.learning_rate);
    readField(json, path, "min_learning_rate", config.min_learning_rate);
    readField(json, path, "warmup_steps", config.warmup_steps);
    readField(json, path, "weight_decay", config.weight_decay);
    readField(json, path, "beta1", config.beta1);
    readField(json, path, "beta2", config.beta2);
    readField(json, path, "gradient_clip", config.gradient_clip);
    readField(json, path, "bf16_on_cuda", config.bf16_on_cuda);
    readField(json, path, "eval_interval", config.eval_interval);
    readField(json, path, "eval_batches", config.eval_batches);
    readField(json, path, "checkpoint_interval", config.checkpoint_interval);
    readField(json, path, "seed", config.seed);

    requirePositive(path, "n_layer", config.n_layer);
    requirePositive(path, "n_head", config.n_head);
    requirePositive(path, "n_embd", config.n_embd);
    if (config.n_embd % config.n_head != 0) throw InputError(path, "n_embd must be a multiple of n_head");
    requirePositive(path, "vocab_size", config.vocab_size);
    requirePositive(path, "steps", static_cast<double>(config.steps));
    requirePositive(path, "batch_size", config.batch_size);
    requirePositive(path, "sequence_length", config.sequence_length);
    if (config.sequence_length > config.n_positions)
        throw InputError(path, "sequence_length must not exceed n_positions");
    requirePositive(path, "learning_rate", config.learning_rate);
    if (config.min_learning_rate < 0 || config.min_learning_rate > config.learning_rate)
        throw InputError(path, "min_learning_rate must lie in [0, learning_rate]");
    if (config.warmup_steps < 0 || config.warmup_steps >= config.steps)
        throw InputError(path, "warmup_steps must lie in [0, steps)");
    requirePositive(path, "eval_interval", static_cast<double>(config.eval_interval));
    requirePositive(path, "checkpoint_interval", static_cast<double>(config.checkpoint_interval));

    config.train_file = resolve(path, config.train_file);
    config.heldout_file = resolve(path, config.heldout_file);
    return config;
}

}  // namespace hullft
