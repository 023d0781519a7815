#include "model/encoder_model.h"

#include <cmath>

#include "model/activation.h"
#include "model/attention.h"
#include "model/nested_parameters.h"

namespace hullft {

EncoderModel::EncoderModel(const EncoderConfig& config) : config_(config) {
    for (const auto& [name, shape] : encoderParameterShapes(config))
        tensors_.emplace(name, registerNestedParameter(*this, name, torch::zeros(shape)));
    eval();
}

std::vector<std::pair<std::string, torch::Tensor>> EncoderModel::namedParameters() {
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto& item : named_parameters()) result.emplace_back(item.key(), item.value());
    return result;
}

torch::Tensor EncoderModel::linear(const std::string& name, const torch::Tensor& x) const {
    return torch::nn::functional::linear(x, tensors_.at(name + ".weight"), tensors_.at(name + ".bias"));
}

torch::Tensor EncoderModel::layerNorm(const std::string& name, const torch::Tensor& x) const {
    return torch::layer_norm(x, {config_.hiddenSize}, tensors_.at(name + ".weight"),
                             tensors_.at(name + ".bias"), config_.layerNormEpsilon);
}

torch::Tensor EncoderModel::embed(const torch::Tensor& ids) const {
    torch::Tensor positions;
    if (config_.family == EncoderFamily::Roberta) {
        // transformers' create_position_ids_from_input_ids: padding tokens sit at padding_idx.
        const torch::Tensor real = ids.ne(config_.padTokenId).to(torch::kLong);
        positions = real.cumsum(1) * real + config_.padTokenId;
    } else {
        positions = torch::arange(ids.size(1), ids.options()).unsqueeze(0).expand_as(ids);
    }
    const torch::Tensor words = torch::embedding(tensors_.at("embeddings.word_embeddings.weight"), ids);
    const torch::Tensor tokenType = tensors_.at("embeddings.token_type_embeddings.weight")[0];
    const torch::Tensor summed =
        words + tokenType + torch::embedding(tensors_.at("embeddings.position_embeddings.weight"), positions);
    return layerNorm("embeddings.LayerNorm", summed);
}

torch::Tensor EncoderModel::selfAttention(const std::string& prefix, const torch::Tensor& hidden,
                                          const torch::Tensor& visible) const {
    const int64_t batch = hidden.size(0), length = hidden.size(1), heads = config_.numHeads;
    const int64_t headSize = config_.hiddenSize / heads;
    const auto split = [&](const char* projection) {
        return linear(prefix + "attention.self." + projection, hidden)
            .view({batch, length, heads, headSize})
            .transpose(1, 2);
    };
    const torch::Tensor context = attend(split("query"), split("key"), split("value"), visible,
                                         1.0 / std::sqrt(static_cast<double>(headSize)));
    return context.transpose(1, 2).reshape({batch, length, config_.hiddenSize});
}

torch::Tensor EncoderModel::layer(int64_t index, const torch::Tensor& hidden,
                                  const torch::Tensor& visible) const {
    const std::string prefix = "encoder.layer." + std::to_string(index) + ".";
    const torch::Tensor attended =
        layerNorm(prefix + "attention.output.LayerNorm",
                  hidden + linear(prefix + "attention.output.dense", selfAttention(prefix, hidden, visible)));
    const torch::Tensor inner =
        applyActivation(config_.activation, linear(prefix + "intermediate.dense", attended));
    return layerNorm(prefix + "output.LayerNorm", attended + linear(prefix + "output.dense", inner));
}

torch::Tensor EncoderModel::hiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask) {
    TORCH_CHECK(ids.dim() == 2 && ids.sizes() == attentionMask.sizes(),
                "ids and attention mask must be [B, T]");
    TORCH_CHECK(ids.size(1) <= config_.maxSequenceLength(), "sequence longer than the model's positions");
    // Every query sees every real key: the padding mask alone, never causal.
    const torch::Tensor visible = attentionMask.ne(0).view({ids.size(0), 1, 1, ids.size(1)});
    torch::Tensor hidden = embed(ids);
    for (int64_t index = 0; index < config_.numLayers; ++index) hidden = layer(index, hidden, visible);
    return hidden;
}

}  // namespace hullft
