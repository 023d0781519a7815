#include "model/decoder_model.h"

#include "common/errors.h"
#include "model/activation.h"
#include "model/attention.h"
#include "model/bf16_autocast.h"
#include "model/nested_parameters.h"
#include "model/token_ids_check.h"
#include "model/vocabulary_projection.h"

namespace hullft {
namespace {

using W = DecoderWeight;

bool isNormGain(W weight) {
    return weight == W::InputNormWeight || weight == W::PostNormWeight || weight == W::FinalNormWeight ||
           weight == W::QNorm || weight == W::KNorm;
}

bool isBias(W weight) {
    return weight == W::InputNormBias || weight == W::PostNormBias || weight == W::FinalNormBias ||
           weight == W::QBias || weight == W::KBias || weight == W::VBias || weight == W::QkvBias ||
           weight == W::OutputBias || weight == W::GateBias || weight == W::UpBias || weight == W::DownBias ||
           weight == W::FcInBias || weight == W::FcOutBias;
}

torch::Tensor optionalWeight(const std::map<W, torch::Tensor>& weights, W weight) {
    const auto found = weights.find(weight);
    return found == weights.end() ? torch::Tensor() : found->second;
}

bool isLinearWeight(W weight) {
    return weight == W::Q || weight == W::K || weight == W::V || weight == W::Qkv || weight == W::Output ||
           weight == W::Gate || weight == W::Up || weight == W::GateUp || weight == W::Down || weight == W::FcIn ||
           weight == W::FcOut;
}

// transformers' RMSNorm: normalised in float32, cast back, then scaled by the gain.
torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight, double epsilon) {
    const torch::Tensor wide = x.to(torch::kFloat32);
    const torch::Tensor normalised = wide * torch::rsqrt(wide.pow(2).mean(-1, /*keepdim=*/true) + epsilon);
    return weight * normalised.to(x.scalar_type());
}

}  // namespace

DecoderModel::DecoderModel(const DecoderConfig& config) : config_(config) {
    layers_.resize(config.numLayers);
    torch::NoGradGuard noGrad;
    for (const DecoderParameter& parameter : decoderParameters(config)) {
        torch::Tensor value = torch::empty(parameter.shape, torch::kFloat32);
        if (isNormGain(parameter.weight))
            value.fill_(1.0);
        else if (isBias(parameter.weight))
            value.zero_();
        else
            value.normal_(0.0, 0.02);
        value = registerNestedParameter(*this, parameter.name, value);
        places_[parameter.name] = {static_cast<int>(parameter.layer), isNormGain(parameter.weight) ||
                                                                          parameter.weight == W::InputNormBias ||
                                                                          parameter.weight == W::PostNormBias ||
                                                                          parameter.weight == W::FinalNormBias};
        (parameter.layer < 0 ? model_ : layers_[parameter.layer])[parameter.weight] = value;
    }
    if (config.rope)
        rotaryFrequencies_ = register_buffer("rotary_inverse_frequencies", rotaryInverseFrequencies(*config.rope));
}

torch::Tensor DecoderModel::linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) const {
    const torch::Tensor y = bias.defined() ? torch::linear(x, weight, bias) : torch::linear(x, weight);
    if (!lora_) return y;
    const torch::Tensor update = lora_->delta(x, weight);
    return update.defined() ? y + update : y;
}

torch::Tensor DecoderModel::norm(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) const {
    if (config_.norm == DecoderConfig::Norm::Rms) return rmsNorm(x, weight, config_.normEpsilon);
    return torch::layer_norm(x, {x.size(-1)}, weight, bias, config_.normEpsilon);
}

torch::Tensor DecoderModel::attention(int64_t layer, const torch::Tensor& x, const torch::Tensor& visible,
                                      const std::pair<torch::Tensor, torch::Tensor>& rotary, KvCache* cache) {
    const Weights& w = layers_[layer];
    const int64_t batch = x.size(0), length = x.size(1), d = config_.headDim;
    const int64_t heads = config_.numHeads, kvHeads = config_.numKeyValueHeads;
    torch::Tensor q, k, v;
    if (config_.qkv == DecoderConfig::QkvLayout::Separate) {
        q = linear(x, w.at(W::Q), optionalWeight(w, W::QBias));
        k = linear(x, w.at(W::K), optionalWeight(w, W::KBias));
        v = linear(x, w.at(W::V), optionalWeight(w, W::VBias));
    } else if (config_.qkv == DecoderConfig::QkvLayout::Fused) {  // [q; k; v] rows
        const torch::Tensor qkv = linear(x, w.at(W::Qkv), optionalWeight(w, W::QkvBias));
        q = qkv.narrow(-1, 0, heads * d);
        k = qkv.narrow(-1, heads * d, kvHeads * d);
        v = qkv.narrow(-1, (heads + kvHeads) * d, kvHeads * d);
    } else {  // GPT-NeoX: per head [q_h; k_h; v_h]
        const torch::Tensor qkv = linear(x, w.at(W::Qkv), optionalWeight(w, W::QkvBias)).view({batch, length, heads, 3 * d});
        q = qkv.narrow(-1, 0, d);
        k = qkv.narrow(-1, d, d);
        v = qkv.narrow(-1, 2 * d, d);
    }
    q = q.reshape({batch, length, heads, d});
    k = k.reshape({batch, length, kvHeads, d});
    v = v.reshape({batch, length, kvHeads, d});
    if (config_.qkNorm) {
        q = rmsNorm(q, w.at(W::QNorm), config_.normEpsilon);
        k = rmsNorm(k, w.at(W::KNorm), config_.normEpsilon);
    }
    q = q.transpose(1, 2);
    k = k.transpose(1, 2);
    v = v.transpose(1, 2);
    if (rotaryFrequencies_.defined()) {
        q = applyRotary(q, rotary.first, rotary.second);
        k = applyRotary(k, rotary.first, rotary.second);
    }
    if (cache) {
        torch::Tensor& keys = cache->keys[layer];
        torch::Tensor& values = cache->values[layer];
        if (keys.defined()) {
            k = torch::cat({keys, k}, 2);
            v = torch::cat({values, v}, 2);
        }
        keys = k;
        values = v;
    }
    if (kvHeads != heads) {  // grouped-query attention: head h reads key/value head h / (heads / kvHeads)
        k = k.repeat_interleave(heads / kvHeads, 1);
        v = v.repeat_interleave(heads / kvHeads, 1);
    }
    const torch::Tensor merged =
        attend(q, k, v, visible, config_.attentionScale).transpose(1, 2).reshape({batch, length, heads * d});
    return linear(merged, w.at(W::Output), optionalWeight(w, W::OutputBias));
}

torch::Tensor DecoderModel::mlp(const Weights& w, const torch::Tensor& x) const {
    const std::string& act = config_.activation;
    if (config_.mlp == DecoderConfig::Mlp::Plain)
        return linear(applyActivation(act, linear(x, w.at(W::FcIn), optionalWeight(w, W::FcInBias))), w.at(W::FcOut),
                      optionalWeight(w, W::FcOutBias));
    torch::Tensor gated;
    if (config_.mlp == DecoderConfig::Mlp::GatedFused) {
        const torch::Tensor both = linear(x, w.at(W::GateUp), torch::Tensor());
        const int64_t width = config_.intermediateSize;
        gated = both.narrow(-1, width, width) * applyActivation(act, both.narrow(-1, 0, width));
    } else {
        gated = applyActivation(act, linear(x, w.at(W::Gate), optionalWeight(w, W::GateBias))) *
                linear(x, w.at(W::Up), optionalWeight(w, W::UpBias));
    }
    return linear(gated, w.at(W::Down), optionalWeight(w, W::DownBias));
}

torch::Tensor DecoderModel::block(int64_t layer, const torch::Tensor& x,
                                  const std::map<int64_t, torch::Tensor>& visible,
                                  const std::pair<torch::Tensor, torch::Tensor>& rotary, KvCache* cache) {
    const Weights& w = layers_[layer];
    const torch::Tensor attended =
        attention(layer, norm(x, w.at(W::InputNormWeight), optionalWeight(w, W::InputNormBias)),
                  visible.at(config_.windows[layer]), rotary, cache);
    if (config_.parallelResidual)
        return x + attended + mlp(w, norm(x, w.at(W::PostNormWeight), optionalWeight(w, W::PostNormBias)));
    const torch::Tensor afterAttention = x + attended;
    return afterAttention + mlp(w, norm(afterAttention, w.at(W::PostNormWeight), optionalWeight(w, W::PostNormBias)));
}

torch::Tensor DecoderModel::transform(const torch::Tensor& ids, const torch::Tensor& attentionMask, KvCache* cache,
                                      int64_t lastLayer, bool idsChecked) {
    const int64_t pastLength = cache ? cache->length() : 0;
    checkTokenIds(ids, pastLength, config_.maxPositions, config_.vocabSize, /*readValues=*/!idsChecked);
    Bf16AutocastScope autocast(precision_ == ComputePrecision::Bfloat16 && device().is_cuda());
    const torch::Device here = device();
    const torch::Tensor tokens = ids.to(here);
    const int64_t length = ids.size(1);
    const torch::Tensor positions = torch::arange(pastLength, pastLength + length, tokens.options());
    torch::Tensor hidden = torch::embedding(model_.at(W::Embedding), tokens);
    if (config_.learnedPositions) hidden = hidden + torch::embedding(model_.at(W::Positions), positions).unsqueeze(0);
    const std::pair<torch::Tensor, torch::Tensor> rotary =
        rotaryFrequencies_.defined() ? rotaryCosSin(positions, rotaryFrequencies_)
                                     : std::pair<torch::Tensor, torch::Tensor>();
    const int64_t layers = std::min<int64_t>(lastLayer, config_.numLayers);
    std::map<int64_t, torch::Tensor> visible;  // one mask per distinct window
    for (int64_t layer = 0; layer < layers; ++layer) {
        const int64_t window = config_.windows[layer];
        if (!visible.count(window)) visible[window] = visibleKeys(attentionMask, pastLength, length, here, window);
    }
    if (cache && cache->keys.empty()) {
        cache->keys.resize(config_.numLayers);
        cache->values.resize(config_.numLayers);
    }
    for (int64_t layer = 0; layer < layers; ++layer) hidden = block(layer, hidden, visible, rotary, cache);
    if (lastLayer == config_.numLayers)
        hidden = norm(hidden, model_.at(W::FinalNormWeight), optionalWeight(model_, W::FinalNormBias));
    return hidden.to(torch::kFloat32);
}

torch::Tensor DecoderModel::headWeight() const {
    return config_.tieWordEmbeddings ? model_.at(W::Embedding) : model_.at(W::Head);
}

torch::Tensor DecoderModel::logits(const torch::Tensor& ids, const torch::Tensor& attentionMask) {
    if (attentionMask.defined() && attentionMask.sizes() != ids.sizes())
        throw Error("attention mask shape differs from the input ids' shape");
    return torch::linear(transform(ids, attentionMask, nullptr, config_.numLayers), headWeight());
}

torch::Tensor DecoderModel::trainingLogits(const torch::Tensor& ids) {
    const torch::Tensor hidden = transform(ids, {}, nullptr, config_.numLayers, /*idsChecked=*/true);
    if (precision_ != ComputePrecision::Bfloat16 || !device().is_cuda()) return torch::linear(hidden, headWeight());
    return bf16VocabularyProjection(hidden, headWeight());
}

torch::Tensor DecoderModel::logitsWithCache(const torch::Tensor& ids, KvCache& cache) {
    return torch::linear(transform(ids, {}, &cache, config_.numLayers), headWeight());
}

void DecoderModel::checkLayer(int layer) const {
    if (layer < 0 || layer > config_.numLayers)
        throw Error("hidden state layer " + std::to_string(layer) + " is outside 0.." +
                    std::to_string(config_.numLayers));
}

torch::Tensor DecoderModel::hiddenStates(const torch::Tensor& ids, int layer) {
    if (ids.dim() != 1) throw Error("hiddenStates expects one sequence of ids [T]");
    checkLayer(layer);
    return transform(ids.unsqueeze(0), {}, nullptr, layer).squeeze(0);
}

torch::Tensor DecoderModel::batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer) {
    checkLayer(layer);
    if (attentionMask.defined() && attentionMask.sizes() != ids.sizes())
        throw Error("attention mask shape differs from the input ids' shape");
    return transform(ids, attentionMask, nullptr, layer);
}

std::vector<LinearLayer> DecoderModel::linearLayers() {
    std::vector<LinearLayer> layers;
    for (const DecoderParameter& parameter : decoderParameters(config_)) {
        if (!isLinearWeight(parameter.weight)) continue;
        const std::string module = parameter.name.substr(0, parameter.name.size() - std::string(".weight").size());
        layers.push_back({module, layers_[parameter.layer].at(parameter.weight), false});
    }
    return layers;
}

ParameterPlace DecoderModel::placeOf(const std::string& name) const {
    const auto found = places_.find(name);
    if (found == places_.end()) throw Error("the model has no parameter '" + name + "'");
    return found->second;
}

torch::Device DecoderModel::device() const { return model_.at(W::Embedding).device(); }

}  // namespace hullft
