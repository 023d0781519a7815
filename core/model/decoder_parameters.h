#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/decoder_config.h"

namespace hullft {

// The role a tensor plays in the generic decoder, whatever its family calls it.
enum class DecoderWeight {
    Embedding, Positions, FinalNormWeight, FinalNormBias, Head,
    InputNormWeight, InputNormBias, PostNormWeight, PostNormBias,
    Q, QBias, K, KBias, V, VBias, Qkv, QkvBias, Output, OutputBias, QNorm, KNorm,
    Gate, GateBias, Up, UpBias, GateUp, Down, DownBias, FcIn, FcInBias, FcOut, FcOutBias,
};

// One parameter: its Hugging Face name, shape and role; `layer` is -1 outside the blocks.
struct DecoderParameter {
    std::string name;
    std::vector<int64_t> shape;
    DecoderWeight weight;
    int64_t layer = -1;
};

// Every parameter a model of `config` has, named as its family's checkpoints name them
// (model.layers.N.self_attn.q_proj.weight, gpt_neox.layers.N.attention.query_key_value.weight,
// transformer.h.N.attn.attention.q_proj.weight, ...); a tied head is not listed. Computed
// without allocating, so a checkpoint can be checked against it before a model is built.
std::vector<DecoderParameter> decoderParameters(const DecoderConfig& config);

// The name a tied head would have in a checkpoint (transformers ignores a stored copy).
std::string tiedHeadName(const DecoderConfig& config);

// Whether a checkpoint tensor is a buffer older transformers versions stored (causal-mask
// "bias"/"masked_bias", rotary "inv_freq"), which carries no weight and is skipped.
bool isStoredDecoderBuffer(const std::string& name);

}  // namespace hullft
