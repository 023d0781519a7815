#include "model/gpt2_model.h"

#include <cmath>

#include "common/errors.h"
#include "model/bf16_autocast.h"

namespace hullft {
namespace {

// Which keys each query may see: causal over all positions (cached ones included) and, with a
// padding mask [B, S], only real tokens. Undefined when plain causal attention suffices.
torch::Tensor visibleKeys(const torch::Tensor& attentionMask, int64_t pastLength, int64_t newLength,
                          torch::Device device) {
    if (!attentionMask.defined() && pastLength == 0) return {};
    const int64_t total = pastLength + newLength;
    const auto options = torch::TensorOptions(torch::kLong).device(device);
    const torch::Tensor queryPosition = torch::arange(pastLength, total, options).unsqueeze(1);
    const torch::Tensor keyPosition = torch::arange(total, options).unsqueeze(0);
    torch::Tensor allowed = keyPosition.le(queryPosition).view({1, 1, newLength, total});
    if (attentionMask.defined()) allowed = allowed.logical_and(attentionMask.to(device).ne(0).view({-1, 1, 1, total}));
    return allowed;
}

}  // namespace

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

void Gpt2Model::checkIds(const torch::Tensor& ids, int64_t pastLength, bool readValues) const {
    if (ids.dim() != 2 || ids.scalar_type() != torch::kLong)
        throw Error("GPT-2 input ids must be an int64 tensor [batch, length]");
    if (ids.size(1) == 0) throw Error("GPT-2 input ids are empty");
    if (pastLength + ids.size(1) > config_.n_positions)
        throw Error("sequence of " + std::to_string(pastLength + ids.size(1)) + " tokens exceeds n_positions " +
                    std::to_string(config_.n_positions));
    if (!readValues) return;
    // Both extremes in one read: on CUDA every read waits for the device.
    const torch::Tensor extremes = torch::stack({ids.min(), ids.max()}).to(torch::kCPU);
    const int64_t smallest = extremes[0].item<int64_t>();
    const int64_t largest = extremes[1].item<int64_t>();
    if (smallest < 0 || largest >= config_.vocab_size)
        throw Error("token id " + std::to_string(smallest < 0 ? smallest : largest) + " is outside the vocabulary of " +
                    std::to_string(config_.vocab_size));
}

torch::Tensor Gpt2Model::transform(const torch::Tensor& ids, const torch::Tensor& attentionMask, KvCache* cache,
                                   int64_t lastLayer, bool idsChecked) {
    const int64_t pastLength = cache ? cache->length() : 0;
    checkIds(ids, pastLength, /*readValues=*/!idsChecked);
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

// Under bf16 the vocabulary projection and its two gradient products are the largest matmuls of
// a finetuning step (3 x 79 GFLOP for GPT-2 small at 1024 tokens): finetuning runs them in bf16
// as the blocks are; the loss itself is still taken in float32 (next_token_loss.cpp).
// The bf16 weight is padded with zero rows to a multiple of 8: cuBLAS uses its Hopper tensor-core
// kernels only for leading dimensions of whole 16-byte multiples, and GPT-2's 50257 otherwise
// falls back to align-1 kernels that took 2.0 of an 8.1 ms step on an H200 (trace_step).
torch::Tensor Gpt2Model::trainingLogits(const torch::Tensor& ids) {
    const torch::Tensor hidden = transform(ids, {}, nullptr, config_.n_layer, /*idsChecked=*/true);
    if (precision_ != ComputePrecision::Bfloat16 || !device().is_cuda()) return project(hidden);
    Bf16AutocastScope autocast(true);
    const torch::Tensor& weight = lm_head_ ? lm_head_->weight : wte_->weight;
    constexpr int64_t kRowMultiple = 8;
    const int64_t vocab = weight.size(0);
    const int64_t padding = (kRowMultiple - vocab % kRowMultiple) % kRowMultiple;
    const torch::Tensor padded = torch::constant_pad_nd(weight.to(torch::kBFloat16), {0, 0, 0, padding});
    return torch::linear(hidden, padded).slice(-1, 0, vocab);
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

std::vector<std::pair<std::string, torch::Tensor>> Gpt2Model::namedParameters() {
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto& item : named_parameters()) result.emplace_back(item.key(), item.value());
    return result;
}

torch::Device Gpt2Model::device() const { return wte_->weight.device(); }

}  // namespace hullft
