#pragma once

// A tiny GPT-2-shaped causal LM for the finetuner's tests: Hugging Face GPT-2 parameter names
// (wte, wpe, h.{i}.ln_1/attn.c_attn/attn.c_proj/ln_2/mlp.c_fc/mlp.c_proj, ln_f), a tied
// output head, a constant causal-mask buffer, and two test hooks: it records the shape of
// every logits() input, and a "poison" token makes its output NaN.

#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/gpt2_model.h"

namespace hullft::test {

struct TinyConfig {
    int64_t vocab = 32;
    int64_t n_embd = 16;
    int n_layer = 2;
    int64_t n_head = 2;
    int64_t n_positions = 64;
    double init_std = 0.3;  // large enough that sequences differ clearly in loss
};

struct TinyAttentionImpl : torch::nn::Module {
    TinyAttentionImpl(int64_t n_embd, int64_t n_head)
        : n_head(n_head),
          c_attn(register_module("c_attn", torch::nn::Linear(n_embd, 3 * n_embd))),
          c_proj(register_module("c_proj", torch::nn::Linear(n_embd, n_embd))) {}

    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& causal_mask) {
        const int64_t batch = x.size(0), length = x.size(1), width = x.size(2);
        const int64_t head = width / n_head;
        auto heads = [&](const torch::Tensor& t) {
            return t.view({batch, length, n_head, head}).transpose(1, 2);
        };
        const auto qkv = c_attn->forward(x).split(width, -1);
        const torch::Tensor scores =
            heads(qkv[0]).matmul(heads(qkv[1]).transpose(-2, -1)) / std::sqrt(double(head));
        const torch::Tensor mask = causal_mask.slice(0, 0, length).slice(1, 0, length);
        const torch::Tensor weights = scores.masked_fill(mask == 0, -1e9).softmax(-1);
        return c_proj->forward(weights.matmul(heads(qkv[2])).transpose(1, 2).reshape({batch, length, width}));
    }

    int64_t n_head;
    torch::nn::Linear c_attn, c_proj;
};
TORCH_MODULE(TinyAttention);

struct TinyMlpImpl : torch::nn::Module {
    explicit TinyMlpImpl(int64_t n_embd)
        : c_fc(register_module("c_fc", torch::nn::Linear(n_embd, 4 * n_embd))),
          c_proj(register_module("c_proj", torch::nn::Linear(4 * n_embd, n_embd))) {}
    torch::Tensor forward(const torch::Tensor& x) { return c_proj->forward(torch::gelu(c_fc->forward(x))); }
    torch::nn::Linear c_fc, c_proj;
};
TORCH_MODULE(TinyMlp);

struct TinyBlockImpl : torch::nn::Module {
    TinyBlockImpl(int64_t n_embd, int64_t n_head)
        : ln_1(register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({n_embd})))),
          attn(register_module("attn", TinyAttention(n_embd, n_head))),
          ln_2(register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({n_embd})))),
          mlp(register_module("mlp", TinyMlp(n_embd))) {}
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& causal_mask) {
        x = x + attn->forward(ln_1->forward(x), causal_mask);
        return x + mlp->forward(ln_2->forward(x));
    }
    torch::nn::LayerNorm ln_1;
    TinyAttention attn;
    torch::nn::LayerNorm ln_2;
    TinyMlp mlp;
};
TORCH_MODULE(TinyBlock);

class TinyCausalLm : public torch::nn::Module, public LanguageModel {
public:
    explicit TinyCausalLm(const TinyConfig& config = {}, uint64_t seed = 1) : config_(config) {
        torch::manual_seed(seed);
        wte_ = register_module("wte", torch::nn::Embedding(config.vocab, config.n_embd));
        wpe_ = register_module("wpe", torch::nn::Embedding(config.n_positions, config.n_embd));
        h_ = register_module("h", torch::nn::ModuleList());
        for (int i = 0; i < config.n_layer; ++i) h_->push_back(TinyBlock(config.n_embd, config.n_head));
        ln_f_ = register_module("ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.n_embd})));
        causal_mask_ =
            register_buffer("causal_mask", torch::ones({config.n_positions, config.n_positions}).tril());
        torch::NoGradGuard noGrad;
        for (auto& item : named_parameters()) {
            if (item.key().find("ln_") == std::string::npos) item.value().normal_(0.0, config.init_std);
        }
    }

    torch::Tensor logits(const torch::Tensor& ids, const torch::Tensor& attentionMask = {}) override {
        input_shapes.push_back(ids.sizes().vec());
        attention_mask_given.push_back(attentionMask.defined());
        torch::Tensor x = ln_f_->forward(run(ids, config_.n_layer));
        if (poison_token >= 0 && (ids == poison_token).any().item<bool>()) {
            x = x * std::numeric_limits<float>::quiet_NaN();
        }
        return x.matmul(wte_->weight.t());
    }

    torch::Tensor hiddenStates(const torch::Tensor& ids, int layer) override {
        torch::Tensor x = run(ids.unsqueeze(0), layer);
        if (layer == config_.n_layer) x = ln_f_->forward(x);  // the interface's last "layer"
        return x.squeeze(0);
    }

    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() override {
        std::vector<std::pair<std::string, torch::Tensor>> result;
        for (auto& item : named_parameters()) result.emplace_back(item.key(), item.value());
        return result;
    }

    ParameterPlace placeOf(const std::string& name) const override { return gpt2ParameterPlace(name); }
    torch::Tensor logitsWithCache(const torch::Tensor&, KvCache&) override {
        throw std::logic_error("TinyCausalLm does not decode incrementally");
    }
    void setComputePrecision(ComputePrecision precision) override { precision_ = precision; }
    ComputePrecision computePrecision() const override { return precision_; }
    torch::nn::Module& module() override { return *this; }
    std::string architecture() const override { return "TinyCausalLm"; }
    torch::Device device() const override { return wte_->weight.device(); }
    int64_t contextLength() const override { return config_.n_positions; }
    int64_t hiddenSize() const override { return config_.n_embd; }
    int numLayers() const override { return config_.n_layer; }
    int64_t vocabSize() const override { return config_.vocab; }

    std::vector<std::vector<int64_t>> input_shapes;  // shape of every logits() input, in order
    std::vector<bool> attention_mask_given;
    int64_t poison_token = -1;  // logits are NaN for any input containing it

private:
    torch::Tensor run(const torch::Tensor& ids, int blocks) {
        const torch::Tensor positions = torch::arange(ids.size(1), ids.options());
        torch::Tensor x = wte_->forward(ids) + wpe_->forward(positions);
        for (int i = 0; i < blocks; ++i) x = h_[i]->as<TinyBlock>()->forward(x, causal_mask_);
        return x;
    }

    TinyConfig config_;
    ComputePrecision precision_ = ComputePrecision::Float32;
    torch::nn::Embedding wte_{nullptr};
    torch::nn::Embedding wpe_{nullptr};
    torch::nn::ModuleList h_{nullptr};
    torch::nn::LayerNorm ln_f_{nullptr};
    torch::Tensor causal_mask_;
};

}  // namespace hullft::test
