#include "model/decoder_config.h"

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_io.h"
#include "model/activation_names.h"
#include "model/config_fields.h"

namespace hullft {
namespace {

struct FamilyName {
    DecoderFamily family;
    const char* modelType;
    const char* architecture;
};

const FamilyName kFamilies[] = {
    {DecoderFamily::Llama, "llama", "LlamaForCausalLM"},
    {DecoderFamily::Mistral, "mistral", "MistralForCausalLM"},
    {DecoderFamily::Qwen2, "qwen2", "Qwen2ForCausalLM"},
    {DecoderFamily::Qwen3, "qwen3", "Qwen3ForCausalLM"},
    {DecoderFamily::Phi3, "phi3", "Phi3ForCausalLM"},
    {DecoderFamily::GptNeoX, "gpt_neox", "GPTNeoXForCausalLM"},
    {DecoderFamily::GptNeo, "gpt_neo", "GPTNeoForCausalLM"},
};

const FamilyName* familyOf(const std::string& modelType) {
    for (const FamilyName& name : kFamilies)
        if (modelType == name.modelType) return &name;
    return nullptr;
}

void checkArchitectures(const ConfigFields& fields, const FamilyName& family) {
    if (!fields.has("architectures")) return;
    const nlohmann::json& names = fields.json()["architectures"];
    if (!names.is_array()) fields.fail("architectures", "is not an array");
    for (const nlohmann::json& name : names)
        if (name != family.architecture)
            fields.fail("architectures", "names " + name.dump() + ", which is not supported for model_type \"" +
                                             family.modelType + "\" (supported: " + family.architecture + ")");
}

// The rope type and its parameters, from transformers 5's rope_parameters or the hub's
// rope_theta + rope_scaling (GPT-NeoX: rotary_emb_base).
RopeSettings readRope(const ConfigFields& fields, int64_t headDim, double defaultPartialFactor,
                      const char* legacyThetaField) {
    RopeSettings rope;
    nlohmann::json scaling = nlohmann::json::object();
    double partialFactor = defaultPartialFactor;
    if (fields.has("rotary_pct")) partialFactor = fields.positiveNumberOr("rotary_pct", partialFactor);
    partialFactor = fields.positiveNumberOr("partial_rotary_factor", partialFactor);
    if (fields.has("rope_parameters")) {
        scaling = fields.json()["rope_parameters"];
        if (!scaling.is_object()) fields.fail("rope_parameters", "must be an object, got " + scaling.dump());
        const ConfigFields parameters(scaling, fields.source());
        rope.theta = parameters.positiveNumberOr("rope_theta", rope.theta);
        partialFactor = parameters.positiveNumberOr("partial_rotary_factor", partialFactor);
    } else {
        rope.theta = fields.positiveNumberOr(legacyThetaField, fields.positiveNumberOr("rope_theta", rope.theta));
        if (fields.has("rope_scaling")) scaling = fields.json()["rope_scaling"];
        if (!scaling.is_object()) fields.fail("rope_scaling", "must be an object or null, got " + scaling.dump());
    }
    const ConfigFields parameters(scaling, fields.source());
    rope.type = parameters.stringOr("rope_type", parameters.stringOr("type", "default"));
    if (rope.type == "linear") {
        rope.factor = parameters.positiveNumberOr("factor", 0.0);
        if (rope.factor <= 0) parameters.fail("factor", "is missing for rope type linear");
    } else if (rope.type == "llama3") {
        for (const char* required : {"factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"})
            if (!parameters.has(required)) parameters.fail(required, "is missing for rope type llama3");
        rope.factor = parameters.positiveNumberOr("factor", 1.0);
        rope.lowFreqFactor = parameters.positiveNumberOr("low_freq_factor", 1.0);
        rope.highFreqFactor = parameters.positiveNumberOr("high_freq_factor", 4.0);
        rope.originalMaxPositions = parameters.positive("original_max_position_embeddings");
        if (rope.highFreqFactor <= rope.lowFreqFactor)
            parameters.fail("high_freq_factor", "must exceed low_freq_factor for rope type llama3");
    } else if (rope.type != "default") {
        fields.fail(fields.has("rope_parameters") ? "rope_parameters" : "rope_scaling",
                    "has rope type \"" + rope.type + "\", which is not implemented (supported: default, linear, llama3)");
    }
    if (partialFactor > 1.0) fields.fail("partial_rotary_factor", "must not exceed 1");
    rope.rotaryDim = static_cast<int64_t>(static_cast<double>(headDim) * partialFactor);
    if (rope.rotaryDim < 2 || rope.rotaryDim % 2 != 0)
        fields.fail("partial_rotary_factor", "leaves " + std::to_string(rope.rotaryDim) +
                                                 " rotary dimensions per head; an even number >= 2 is needed");
    return rope;
}

void readWindowEverywhere(const ConfigFields& fields, DecoderConfig& config) {
    config.windows.assign(config.numLayers, fields.positiveOr("sliding_window", 0));
}

// Qwen2/Qwen3: transformers 5 writes layer_types; older configs say use_sliding_window, with
// the layers from max_window_layers on sliding.
void readQwenWindows(const ConfigFields& fields, DecoderConfig& config) {
    config.windows.assign(config.numLayers, 0);
    const int64_t window = fields.positiveOr("sliding_window", 0);
    if (fields.has("layer_types")) {
        const nlohmann::json& types = fields.json()["layer_types"];
        if (!types.is_array() || static_cast<int64_t>(types.size()) != config.numLayers)
            fields.fail("layer_types", "must list one type per layer");
        for (int64_t layer = 0; layer < config.numLayers; ++layer) {
            if (types[layer] == "full_attention") continue;
            if (types[layer] != "sliding_attention")
                fields.fail("layer_types", "has type " + types[layer].dump() + " (supported: full_attention, sliding_attention)");
            if (window == 0) fields.fail("sliding_window", "is missing for a sliding_attention layer");
            config.windows[layer] = window;
        }
        return;
    }
    if (!fields.booleanOr("use_sliding_window", false) || window == 0) return;
    const int64_t firstSliding = fields.positiveOr("max_window_layers", config.numLayers);
    for (int64_t layer = firstSliding; layer < config.numLayers; ++layer) config.windows[layer] = window;
}

// Real decoders have at most a few hundred layers; a larger count is refused before per-layer
// tables are sized by it.
int64_t readLayerCount(const ConfigFields& fields, const char* field) {
    const int64_t layers = fields.positive(field);
    if (layers > kMaxDecoderLayers)
        fields.fail(field, "= " + std::to_string(layers) + " exceeds the limit of " +
                               std::to_string(kMaxDecoderLayers) + " layers");
    return layers;
}

int64_t derivedHeadDim(const ConfigFields& fields, const DecoderConfig& config, const char* hiddenField,
                       const char* headsField) {
    if (config.hiddenSize % config.numHeads != 0)
        fields.fail(hiddenField, "(" + std::to_string(config.hiddenSize) + ") is not divisible by '" + headsField +
                                     "' (" + std::to_string(config.numHeads) + ")");
    return config.hiddenSize / config.numHeads;
}

void readLlamaLike(const ConfigFields& fields, DecoderConfig& config) {
    const DecoderFamily family = config.family;
    config.hiddenSize = fields.positive("hidden_size");
    config.intermediateSize = fields.positive("intermediate_size");
    config.numLayers = readLayerCount(fields, "num_hidden_layers");
    config.numHeads = fields.positive("num_attention_heads");
    // transformers' defaults when the field is absent: the head count, except Mistral's 8 and Qwen's 32.
    const int64_t kvDefault = family == DecoderFamily::Mistral ? 8
                              : family == DecoderFamily::Qwen2 || family == DecoderFamily::Qwen3 ? 32
                                                                                                 : config.numHeads;
    config.numKeyValueHeads = fields.positiveOr("num_key_value_heads", kvDefault);
    config.headDim = fields.has("head_dim") ? fields.positive("head_dim")
                                            : derivedHeadDim(fields, config, "hidden_size", "num_attention_heads");
    config.maxPositions = fields.positive("max_position_embeddings");
    config.norm = DecoderConfig::Norm::Rms;
    config.normEpsilon = fields.positiveNumberOr("rms_norm_eps", family == DecoderFamily::Phi3 ? 1e-5 : 1e-6);
    config.activation = fields.stringOr("hidden_act", "silu");
    config.tieWordEmbeddings = fields.booleanOr("tie_word_embeddings", false);
    const bool attentionBias = fields.booleanOr("attention_bias", false);
    config.qkvBias = family == DecoderFamily::Qwen2 ||
                     ((family == DecoderFamily::Llama || family == DecoderFamily::Qwen3) && attentionBias);
    config.outputBias = (family == DecoderFamily::Llama || family == DecoderFamily::Qwen3) && attentionBias;
    config.mlpBias = family == DecoderFamily::Llama && fields.booleanOr("mlp_bias", false);
    config.qkNorm = family == DecoderFamily::Qwen3;
    config.qkv = family == DecoderFamily::Phi3 ? DecoderConfig::QkvLayout::Fused : DecoderConfig::QkvLayout::Separate;
    config.mlp = family == DecoderFamily::Phi3 ? DecoderConfig::Mlp::GatedFused : DecoderConfig::Mlp::Gated;
    config.rope = readRope(fields, config.headDim, 1.0, "rope_theta");
    if (family == DecoderFamily::Mistral || family == DecoderFamily::Phi3)
        readWindowEverywhere(fields, config);
    else if (family == DecoderFamily::Qwen2 || family == DecoderFamily::Qwen3)
        readQwenWindows(fields, config);
    else
        config.windows.assign(config.numLayers, 0);
}

void readGptNeoX(const ConfigFields& fields, DecoderConfig& config) {
    config.hiddenSize = fields.positive("hidden_size");
    config.intermediateSize = fields.positive("intermediate_size");
    config.numLayers = readLayerCount(fields, "num_hidden_layers");
    config.numHeads = fields.positive("num_attention_heads");
    config.numKeyValueHeads = config.numHeads;
    config.headDim = derivedHeadDim(fields, config, "hidden_size", "num_attention_heads");
    config.maxPositions = fields.positive("max_position_embeddings");
    config.norm = DecoderConfig::Norm::Layer;
    config.normEpsilon = fields.positiveNumberOr("layer_norm_eps", 1e-5);
    config.activation = fields.stringOr("hidden_act", "gelu");
    config.tieWordEmbeddings = fields.booleanOr("tie_word_embeddings", false);
    config.qkvBias = config.outputBias = fields.booleanOr("attention_bias", true);
    config.mlpBias = true;
    config.qkv = DecoderConfig::QkvLayout::FusedPerHead;
    config.mlp = DecoderConfig::Mlp::Plain;
    config.parallelResidual = fields.booleanOr("use_parallel_residual", true);
    config.rope = readRope(fields, config.headDim, 0.25, "rotary_emb_base");
    config.windows.assign(config.numLayers, 0);
}

// attention_types lists [[kinds], repeat] groups: [[["global", "local"], 12]] is 24 layers
// alternating global and local (the last window_size keys).
void readGptNeoWindows(const ConfigFields& fields, DecoderConfig& config) {
    const int64_t window = fields.positiveOr("window_size", 256);
    std::vector<int64_t> windows;
    const nlohmann::json& groups = fields.has("attention_types") ? fields.json()["attention_types"]
                                                                 : nlohmann::json::parse(R"([[["global", "local"], 12]])");
    if (!groups.is_array()) fields.fail("attention_types", "must be a list of [[kinds], repeat] groups");
    for (const nlohmann::json& group : groups) {
        if (!group.is_array() || group.size() != 2 || !group[0].is_array() || !group[1].is_number_integer() ||
            group[1].get<int64_t>() < 0 || group[1].get<int64_t>() > config.numLayers)
            fields.fail("attention_types", "has a malformed group " + group.dump());
        for (int64_t repeat = 0; repeat < group[1].get<int64_t>(); ++repeat)
            for (const nlohmann::json& kind : group[0]) {
                if (kind != "global" && kind != "local")
                    fields.fail("attention_types", "has kind " + kind.dump() + " (supported: global, local)");
                if (static_cast<int64_t>(windows.size()) == config.numLayers)
                    fields.fail("attention_types", "describes more layers than num_layers (" +
                                                       std::to_string(config.numLayers) + ")");
                windows.push_back(kind == "local" ? window : 0);
            }
    }
    if (static_cast<int64_t>(windows.size()) != config.numLayers)
        fields.fail("attention_types", "describes " + std::to_string(windows.size()) + " layers but num_layers is " +
                                           std::to_string(config.numLayers));
    config.windows = windows;
}

void readGptNeo(const ConfigFields& fields, DecoderConfig& config) {
    config.hiddenSize = fields.positive("hidden_size");
    config.numLayers = readLayerCount(fields, "num_layers");
    config.numHeads = fields.positive("num_heads");
    config.numKeyValueHeads = config.numHeads;
    config.headDim = derivedHeadDim(fields, config, "hidden_size", "num_heads");
    config.intermediateSize = fields.positiveOr("intermediate_size", 4 * config.hiddenSize);
    config.maxPositions = fields.positive("max_position_embeddings");
    config.norm = DecoderConfig::Norm::Layer;
    config.normEpsilon = fields.positiveNumberOr("layer_norm_epsilon", 1e-5);
    config.activation = fields.stringOr("activation_function", "gelu_new");
    config.tieWordEmbeddings = fields.booleanOr("tie_word_embeddings", true);
    config.outputBias = true;
    config.mlpBias = true;
    config.qkv = DecoderConfig::QkvLayout::Separate;
    config.mlp = DecoderConfig::Mlp::Plain;
    config.learnedPositions = true;
    config.attentionScale = 1.0;
    readGptNeoWindows(fields, config);
}

}  // namespace

const char* supportedDecoderArchitectures() {
    return "GPT2LMHeadModel, LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM, "
           "Phi3ForCausalLM, GPTNeoXForCausalLM, GPTNeoForCausalLM";
}

bool isDecoderModelType(const std::string& modelType) { return familyOf(modelType) != nullptr; }

DecoderConfig parseDecoderConfig(const std::string& jsonText, const std::string& source) {
    const ConfigFields fields(parseJson(jsonText, source), source);
    const std::string modelType = fields.stringOr("model_type", "");
    const FamilyName* family = familyOf(modelType);
    if (!family)
        fields.fail("model_type", "\"" + modelType + "\" names no supported architecture (supported: " +
                                      supportedDecoderArchitectures() + ")");
    checkArchitectures(fields, *family);

    DecoderConfig config;
    config.family = family->family;
    config.architecture = family->architecture;
    config.modelType = modelType;
    config.vocabSize = fields.positive("vocab_size");
    if (config.family == DecoderFamily::GptNeo)
        readGptNeo(fields, config);
    else if (config.family == DecoderFamily::GptNeoX)
        readGptNeoX(fields, config);
    else
        readLlamaLike(fields, config);

    if (!isSupportedActivation(config.activation))
        fields.fail(config.family == DecoderFamily::GptNeo ? "activation_function" : "hidden_act",
                    "has an unsupported value \"" + config.activation + "\" (supported: " +
                        supportedActivationNames() + ")");
    if (config.numHeads % config.numKeyValueHeads != 0)
        fields.fail("num_key_value_heads", "(" + std::to_string(config.numKeyValueHeads) +
                                               ") does not divide the attention head count (" +
                                               std::to_string(config.numHeads) + ")");
    config.bosTokenId = fields.tokenIdOr("bos_token_id", std::nullopt);
    config.eosTokenId = fields.tokenIdOr("eos_token_id", std::nullopt);
    config.storedDtype = fields.stringOr("dtype", fields.stringOr("torch_dtype", ""));
    return config;
}

DecoderConfig readDecoderConfig(const std::string& path) { return parseDecoderConfig(readFileBytes(path), path); }

}  // namespace hullft
