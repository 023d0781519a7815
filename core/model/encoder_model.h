#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/encoder_config.h"

namespace hullft {

// transformers' BertModel / RobertaModel without the pooler, float32, for embedding:
//
//   h = LayerNorm(word[ids] + token_type[0] + position[p])      p: BERT 0..L-1; RoBERTa
//                                                                  pad + cumsum(ids != pad)
//   per layer:  a = LayerNorm(h + dense(attention(h)))          bidirectional, padding keys hidden
//               h = LayerNorm(a + output(act(intermediate(a))))  (post-LN)
//
// Parameters carry transformers' names without the model prefix (encoderParameterShapes()), so a
// checkpoint loads by name; no dropout.
class EncoderModel : public torch::nn::Module {
public:
    explicit EncoderModel(const EncoderConfig& config);

    // The final hidden states [B, T, hidden] (float32) of right-padded `ids` [B, T] (int64) under
    // `attentionMask` [B, T] (non-zero = real token). Real tokens get the states they get alone.
    torch::Tensor hiddenStates(const torch::Tensor& ids, const torch::Tensor& attentionMask);

    const EncoderConfig& config() const { return config_; }
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters();
    torch::Device device() const { return tensors_.at("embeddings.word_embeddings.weight").device(); }

private:
    torch::Tensor embed(const torch::Tensor& ids) const;
    torch::Tensor layer(int64_t index, const torch::Tensor& hidden, const torch::Tensor& visible) const;
    torch::Tensor selfAttention(const std::string& prefix, const torch::Tensor& hidden,
                                const torch::Tensor& visible) const;
    torch::Tensor linear(const std::string& name, const torch::Tensor& x) const;
    torch::Tensor layerNorm(const std::string& name, const torch::Tensor& x) const;

    EncoderConfig config_;
    std::map<std::string, torch::Tensor> tensors_;  // registered parameters by name (moved in place by to())
};

}  // namespace hullft
