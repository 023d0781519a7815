#include "model/gpt2_config.h"

#include <nlohmann/json.hpp>

#include <set>

#include "common/errors.h"
#include "common/json_io.h"
#include "model/activation_names.h"
#include "model/config_fields.h"

namespace hullft {
namespace {

const std::set<std::string> kArchitectures = {"GPT2LMHeadModel", "GPT2Model"};

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
    const ConfigFields fields(config, source);
    checkArchitecture(config, source);
    refuseVariant(config, "scale_attn_weights", true, source);
    refuseVariant(config, "scale_attn_by_inverse_layer_idx", false, source);
    refuseVariant(config, "add_cross_attention", false, source);

    Gpt2Config result;
    result.n_layer = fields.positiveOr("n_layer", result.n_layer);
    result.n_head = fields.positiveOr("n_head", result.n_head);
    result.n_embd = fields.positiveOr("n_embd", result.n_embd);
    result.n_positions = fields.positiveOr("n_positions", result.n_positions);
    result.vocab_size = fields.positiveOr("vocab_size", result.vocab_size);
    if (fields.has("n_inner")) result.n_inner = fields.positive("n_inner");
    if (result.n_embd % result.n_head != 0)
        throw InputError(source, "field 'n_embd' (" + std::to_string(result.n_embd) + ") is not divisible by 'n_head' (" +
                                     std::to_string(result.n_head) + ")");
    result.layer_norm_epsilon = fields.positiveNumberOr("layer_norm_epsilon", result.layer_norm_epsilon);
    result.activation_function = fields.stringOr("activation_function", result.activation_function);
    if (!isSupportedActivation(result.activation_function))
        fields.fail("activation_function", "has an unsupported value \"" + result.activation_function +
                                               "\" (supported: " + supportedActivationNames() + ")");
    result.tie_word_embeddings = fields.booleanOr("tie_word_embeddings", result.tie_word_embeddings);
    result.bos_token_id = fields.tokenIdOr("bos_token_id", result.bos_token_id);
    result.eos_token_id = fields.tokenIdOr("eos_token_id", result.eos_token_id);
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
