#include "model/gpt2_model.h"

#include <cmath>

#include "common/errors.h"
#include "model/attention.h"
#include "model/bf16_autocast.h"
#include "model/token_ids_check.h"
#include "model/vocabulary_projection.h"

namespace hullft {

ParameterPlace gpt2ParameterPlace(const std::string& name) {
    ParameterPlace place;
    place.norm = name.find("ln_") != std::string::npos;
    if (name.rfind("h.", 0) == 0) place.layer = std::stoi(name.substr(2, name.find('.', 2) - 2));
    return place;
}

Gpt2Model::Gpt2Model(const Gpt2Config& config) : config_(config) {
    wte_ = register_module("wte", torch::nn::Embedding(config.vocab_size, config.n_embd));
    wpe_ = register_module("wpe", torch::nn::Embedding(config.n_positions, config.n_embd));
    h_ = register_module("h", torch::nn::ModuleList());
    for (int64_t layer = 0; layer < config.n_layer; ++layer) {
        blocks_.emplace_back(config);
        h_->push_back(blocks_.back());
    }
    ln_f_ = register_module(
        "ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.n_embd}).eps(config.layer_norm_epsilon)));
    if (!config.tie_word_embeddings)
        lm_head_ = register_module(
            "lm_head", torch::nn::Linear(torch::nn::LinearOptions(config.n_embd, config.vocab_size).bias(false)));
    initializeWeights();
}

void Gpt2Model::initializeWeights() {
    torch::NoGradGuard noGrad;
    const double residualStd = 0.02 / std::sqrt(2.0 * static_cast<double>(config_.n_layer));
    for (auto& [name, parameter] : namedParameters()) {
        const bool isNorm = name.find("ln_") != std::string::npos;
        const bool isBias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
        if (isNorm)
            parameter.fill_(isBias ? 0.0 : 1.0);
        else if (isBias)
            parameter.zero_();
        else if (name.find("c_proj.weight") != std::string::npos)
            parameter.normal_(0.0, residualStd);
        else
            parameter.normal_(0.0, 0.02);
    }
}

torch::Tensor Gpt2Model::transform(const torch::Tensor& ids, const torch::Tensor& attentionMask, KvCache* cache,
                                   int64_t lastLayer, bool idsChecked) {
    const int64_t pastLength = cache ? cache->length() : 0;
    checkTokenIds(ids, pastLength, config_.n_positions, config_.vocab_size, /*readValues=*/!idsChecked);
    Bf16AutocastScope autocast(precision_ == ComputePrecision::Bfloat16 && device().is_cuda());
    const torch::Device here = device();
    const torch::Tensor tokens = ids.to(here);
    const torch::Tensor positions = torch::arange(pastLength, pastLength + ids.size(1), tokens.options());
    torch::Tensor hidden = wte_->forward(tokens) + wpe_->forward(positions).unsqueeze(0);
    const torch::Tensor allowed = visibleKeys(attentionMask, pastLength, ids.size(1), here);
    if (cache && cache->keys.empty()) {
        cache->keys.resize(blocks_.size());
        cache->values.resize(blocks_.size());
    }
    for (int64_t layer = 0; layer < std::min<int64_t>(lastLayer, config_.n_layer); ++layer) {
        torch::Tensor* keys = cache ? &cache->keys[layer] : nullptr;
        torch::Tensor* values = cache ? &cache->values[layer] : nullptr;
        hidden = blocks_[layer]->forward(hidden, allowed, keys, values);
    }
    hidden = lastLayer == config_.n_layer ? ln_f_->forward(hidden) : hidden;
    return hidden.to(torch::kFloat32);
}

// Under bf16 the blocks' output is cast back, so the projection and everything after it (log
// softmax, losses) is float32 as well, unless a caller's own autocast scope says otherwise.
torch::Tensor Gpt2Model::project(const torch::Tensor& hidden) const {
    return torch::linear(hidden, lm_head_ ? lm_head_->weight : wte_->weight);
}

torch::Tensor Gpt2Model::logits(const torch::Tensor& ids, const torch::Tensor& attentionMask) {
    if (attentionMask.defined() && attentionMask.sizes() != ids.sizes())
        throw Error("attention mask shape differs from the input ids' shape");
    return project(transform(ids, attentionMask, nullptr, config_.n_layer));
}

// Under bf16 finetuning projects in bf16 as the blocks run (vocabulary_projection.h); the loss
// itself is still taken in float32 (next_token_loss.cpp).
torch::Tensor Gpt2Model::trainingLogits(const torch::Tensor& ids) {
    const torch::Tensor hidden = transform(ids, {}, nullptr, config_.n_layer, /*idsChecked=*/true);
    if (precision_ != ComputePrecision::Bfloat16 || !device().is_cuda()) return project(hidden);
    return bf16VocabularyProjection(hidden, lm_head_ ? lm_head_->weight : wte_->weight);
}

torch::Tensor Gpt2Model::logitsWithCache(const torch::Tensor& ids, KvCache& cache) {
    return project(transform(ids, {}, &cache, config_.n_layer));
}

void Gpt2Model::checkLayer(int layer) const {
    if (layer < 0 || layer > config_.n_layer)
        throw Error("hidden state layer " + std::to_string(layer) + " is outside 0.." + std::to_string(config_.n_layer));
}

torch::Tensor Gpt2Model::hiddenStates(const torch::Tensor& ids, int layer) {
    if (ids.dim() != 1) throw Error("hiddenStates expects one sequence of ids [T]");
    checkLayer(layer);
    return transform(ids.unsqueeze(0), {}, nullptr, layer).squeeze(0);
}

torch::Tensor Gpt2Model::batchHiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask, int layer) {
    checkLayer(layer);
    if (attentionMask.defined() && attentionMask.sizes() != ids.sizes())
        throw Error("attention mask shape differs from the input ids' shape");
    return transform(ids, attentionMask, nullptr, layer);
}

// Module names as transformers spells them, under "transformer.".
std::vector<LinearLayer> Gpt2Model::linearLayers() {
    std::vector<LinearLayer> layers;
    for (const auto& item : named_modules())
        if (const auto* conv = item.value()->as<Conv1DImpl>()) layers.push_back({"transformer." + item.key(), conv->weight, true});
    return layers;
}

void Gpt2Model::setLoraAdapters(const LoraAdapters* adapters) {
    for (const auto& module : modules())
        if (auto* conv = module->as<Conv1DImpl>()) conv->lora = adapters;
}

torch::Device Gpt2Model::device() const { return wte_->weight.device(); }

}  // namespace hullft
