#include "model/gpt2_config.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

const std::set<std::string> kActivations = {"gelu_new", "gelu_pytorch_tanh", "gelu", "relu", "silu"};
const std::set<std::string> kArchitectures = {"GPT2LMHeadModel", "GPT2Model"};

void readPositive(const nlohmann::json& config, const char* field, int64_t& value, const std::string& source) {
    if (!config.contains(field)) return;
    const nlohmann::json& item = config[field];
    if (!item.is_number_integer() || item.get<int64_t>() <= 0)
        throw InputError(source, std::string("field '") + field + "' must be a positive integer, got " + item.dump());
    value = item.get<int64_t>();
}

void readOptionalId(const nlohmann::json& config, const char* field, std::optional<int64_t>& value,
                    const std::string& source) {
    if (!config.contains(field)) return;
    const nlohmann::json& item = config[field];
    if (item.is_null()) {
        value.reset();
        return;
    }
    if (!item.is_number_integer() || item.get<int64_t>() < 0)
        throw InputError(source, std::string("field '") + field + "' must be a token id, got " + item.dump());
    value = item.get<int64_t>();
}

void checkArchitecture(const nlohmann::json& config, const std::string& source) {
    if (!config.contains("model_type") || config["model_type"] != "gpt2")
        throw InputError(source, "field 'model_type' must be \"gpt2\", got " +
                                     (config.contains("model_type") ? config["model_type"].dump() : "nothing"));
    if (!config.contains("architectures") || config["architectures"].is_null()) return;
    if (!config["architectures"].is_array()) throw InputError(source, "field 'architectures' is not an array");
    for (const nlohmann::json& name : config["architectures"])
        if (!name.is_string() || !kArchitectures.count(name.get<std::string>()))
            throw InputError(source, "field 'architectures': unsupported architecture " + name.dump() +
                                         " (supported: GPT2LMHeadModel, GPT2Model)");
}

// Options that would change GPT-2's arithmetic and are not implemented are refused, not ignored.
void refuseVariant(const nlohmann::json& config, const char* field, bool supported, const std::string& source) {
    if (config.contains(field) && config[field] != supported)
        throw InputError(source, std::string("field '") + field + "' = " + config[field].dump() + " is not supported");
}

}  // namespace

Gpt2Config parseGpt2Config(const std::string& jsonText, const std::string& source) {
    const nlohmann::json config = parseJson(jsonText, source);
    if (!config.is_object()) throw InputError(source, "not a JSON object");
    checkArchitecture(config, source);
    refuseVariant(config, "scale_attn_weights", true, source);
    refuseVariant(config, "scale_attn_by_inverse_layer_idx", false, source);
    refuseVariant(config, "add_cross_attention", false, source);

    Gpt2Config result;
    readPositive(config, "n_layer", result.n_layer, source);
    readPositive(config, "n_head", result.n_head, source);
    readPositive(config, "n_embd", result.n_embd, source);
    readPositive(config, "n_positions", result.n_positions, source);
    readPositive(config, "vocab_size", result.vocab_size, source);
    if (config.contains("n_inner") && !config["n_inner"].is_null()) {
        int64_t inner = 0;
        readPositive(config, "n_inner", inner, source);
        result.n_inner = inner;
    }
    if (result.n_embd % result.n_head != 0)
        throw InputError(source, "field 'n_embd' (" + std::to_string(result.n_embd) + ") is not divisible by 'n_head' (" +
                                     std::to_string(result.n_head) + ")");
    if (config.contains("layer_norm_epsilon")) {
        const nlohmann::json& epsilon = config["layer_norm_epsilon"];
        if (!epsilon.is_number() || !(epsilon.get<double>() > 0) || !std::isfinite(epsilon.get<double>()))
            throw InputError(source, "field 'layer_norm_epsilon' must be a positive number, got " + epsilon.dump());
        result.layer_norm_epsilon = epsilon.get<double>();
    }
    if (config.contains("activation_function")) {
        const nlohmann::json& activation = config["activation_function"];
        if (!activation.is_string() || !kActivations.count(activation.get<std::string>()))
            throw InputError(source, "field 'activation_function': unsupported value " + activation.dump() +
                                         " (supported: gelu_new, gelu_pytorch_tanh, gelu, relu, silu)");
        result.activation_function = activation.get<std::string>();
    }
    if (config.contains("tie_word_embeddings")) {
        if (!config["tie_word_embeddings"].is_boolean())
            throw InputError(source, "field 'tie_word_embeddings' must be true or false");
        result.tie_word_embeddings = config["tie_word_embeddings"].get<bool>();
    }
    readOptionalId(config, "bos_token_id", result.bos_token_id, source);
    readOptionalId(config, "eos_token_id", result.eos_token_id, source);
    return result;
}

Gpt2Config readGpt2Config(const std::string& path) { return parseGpt2Config(readFileBytes(path), path); }

std::string gpt2ConfigJson(const Gpt2Config& config) {
    nlohmann::json json = {
        {"architectures", {"GPT2LMHeadModel"}},
        {"model_type", "gpt2"},
        {"n_layer", config.n_layer},
        {"n_head", config.n_head},
        {"n_embd", config.n_embd},
        {"n_positions", config.n_positions},
        {"n_ctx", config.n_positions},
        {"vocab_size", config.vocab_size},
        {"n_inner", config.n_inner ? nlohmann::json(*config.n_inner) : nlohmann::json(nullptr)},
        {"layer_norm_epsilon", config.layer_norm_epsilon},
        {"activation_function", config.activation_function},
        {"tie_word_embeddings", config.tie_word_embeddings},
        {"bos_token_id", config.bos_token_id ? nlohmann::json(*config.bos_token_id) : nlohmann::json(nullptr)},
        {"eos_token_id", config.eos_token_id ? nlohmann::json(*config.eos_token_id) : nlohmann::json(nullptr)},
        {"resid_pdrop", 0.0},
        {"embd_pdrop", 0.0},
        {"attn_pdrop", 0.0},
    };
    return json.dump(2) + "\n";
}

}  // namespace hullft
