#include "model/encoder_config.h"

#include "common/json_io.h"
#include "model/activation_names.h"
#include "model/config_fields.h"

namespace hullft {

bool isEncoderModelType(const std::string& modelType) {
    return modelType == "bert" || modelType == "roberta";
}

int64_t EncoderConfig::maxSequenceLength() const {
    return family == EncoderFamily::Roberta ? maxPositions - padTokenId - 1 : maxPositions;
}

EncoderConfig parseEncoderConfig(const nlohmann::json& json, const std::string& source) {
    const ConfigFields fields(json, source);
    EncoderConfig config;
    config.modelType = fields.stringOr("model_type", "");
    if (!isEncoderModelType(config.modelType))
        fields.fail("model_type",
                    "\"" + config.modelType + "\" is not an encoder hullft runs (bert, roberta)");
    config.family = config.modelType == "roberta" ? EncoderFamily::Roberta : EncoderFamily::Bert;
    config.vocabSize = fields.positive("vocab_size");
    config.hiddenSize = fields.positive("hidden_size");
    config.numLayers = fields.positive("num_hidden_layers");
    if (config.numLayers > kMaxEncoderLayers)
        fields.fail("num_hidden_layers", "must be at most " + std::to_string(kMaxEncoderLayers));
    config.numHeads = fields.positive("num_attention_heads");
    config.intermediateSize = fields.positive("intermediate_size");
    config.maxPositions = fields.positive("max_position_embeddings");
    config.typeVocabSize = fields.positiveOr("type_vocab_size", 2);
    config.layerNormEpsilon = fields.positiveNumberOr("layer_norm_eps", 1e-12);
    config.activation = fields.stringOr("hidden_act", "gelu");
    config.nameOrPath = fields.stringOr("_name_or_path", "");
    const std::optional<int64_t> pad =
        fields.tokenIdOr("pad_token_id", config.family == EncoderFamily::Roberta ? 1 : 0);
    config.padTokenId = pad.value_or(0);
    if (config.hiddenSize % config.numHeads != 0)
        fields.fail("hidden_size",
                    "must be divisible by num_attention_heads (" + std::to_string(config.numHeads) + ")");
    if (!isSupportedActivation(config.activation))
        fields.fail("hidden_act",
                    "\"" + config.activation + "\" is not supported (" + supportedActivationNames() + ")");
    if (fields.stringOr("position_embedding_type", "absolute") != "absolute")
        fields.fail("position_embedding_type",
                    "\"" + fields.stringOr("position_embedding_type", "") + "\" is not supported (absolute)");
    if (fields.booleanOr("is_decoder", false))
        fields.fail("is_decoder", "true is not supported (a bidirectional encoder)");
    if (fields.booleanOr("add_cross_attention", false))
        fields.fail("add_cross_attention", "true is not supported");
    if (config.padTokenId >= config.vocabSize) fields.fail("pad_token_id", "lies outside the vocabulary");
    if (config.maxSequenceLength() < 1)
        fields.fail("max_position_embeddings",
                    "leaves no position for a token after RoBERTa's padding offset");
    return config;
}

EncoderConfig readEncoderConfig(const std::string& path) {
    return parseEncoderConfig(readJsonFile(path), path);
}

std::vector<std::pair<std::string, std::vector<int64_t>>> encoderParameterShapes(
    const EncoderConfig& config) {
    const int64_t h = config.hiddenSize, inner = config.intermediateSize;
    std::vector<std::pair<std::string, std::vector<int64_t>>> shapes = {
        {"embeddings.word_embeddings.weight", {config.vocabSize, h}},
        {"embeddings.position_embeddings.weight", {config.maxPositions, h}},
        {"embeddings.token_type_embeddings.weight", {config.typeVocabSize, h}},
        {"embeddings.LayerNorm.weight", {h}},
        {"embeddings.LayerNorm.bias", {h}},
    };
    for (int64_t layer = 0; layer < config.numLayers; ++layer) {
        const std::string prefix = "encoder.layer." + std::to_string(layer) + ".";
        for (const char* projection : {"attention.self.query", "attention.self.key", "attention.self.value",
                                       "attention.output.dense"}) {
            shapes.push_back({prefix + projection + ".weight", {h, h}});
            shapes.push_back({prefix + projection + ".bias", {h}});
        }
        shapes.push_back({prefix + "attention.output.LayerNorm.weight", {h}});
        shapes.push_back({prefix + "attention.output.LayerNorm.bias", {h}});
        shapes.push_back({prefix + "intermediate.dense.weight", {inner, h}});
        shapes.push_back({prefix + "intermediate.dense.bias", {inner}});
        shapes.push_back({prefix + "output.dense.weight", {h, inner}});
        shapes.push_back({prefix + "output.dense.bias", {h}});
        shapes.push_back({prefix + "output.LayerNorm.weight", {h}});
        shapes.push_back({prefix + "output.LayerNorm.bias", {h}});
    }
    return shapes;
}

}  // namespace hullft
