#include "model/decoder_parameters.h"

#include <regex>

namespace hullft {
namespace {

using W = DecoderWeight;

struct Builder {
    std::vector<DecoderParameter>& out;
    std::string prefix;
    int64_t layer;
    void add(const std::string& name, std::vector<int64_t> shape, W weight) {
        out.push_back({prefix + name, std::move(shape), weight, layer});
    }
};

void addLlamaLikeLayer(const DecoderConfig& c, Builder b) {
    const int64_t h = c.hiddenSize, d = c.headDim, q = c.numHeads * d, kv = c.numKeyValueHeads * d;
    b.add("input_layernorm.weight", {h}, W::InputNormWeight);
    if (c.qkv == DecoderConfig::QkvLayout::Fused) {
        b.add("self_attn.qkv_proj.weight", {q + 2 * kv, h}, W::Qkv);
    } else {
        b.add("self_attn.q_proj.weight", {q, h}, W::Q);
        if (c.qkvBias) b.add("self_attn.q_proj.bias", {q}, W::QBias);
        b.add("self_attn.k_proj.weight", {kv, h}, W::K);
        if (c.qkvBias) b.add("self_attn.k_proj.bias", {kv}, W::KBias);
        b.add("self_attn.v_proj.weight", {kv, h}, W::V);
        if (c.qkvBias) b.add("self_attn.v_proj.bias", {kv}, W::VBias);
    }
    b.add("self_attn.o_proj.weight", {h, q}, W::Output);
    if (c.outputBias) b.add("self_attn.o_proj.bias", {h}, W::OutputBias);
    if (c.qkNorm) {
        b.add("self_attn.q_norm.weight", {d}, W::QNorm);
        b.add("self_attn.k_norm.weight", {d}, W::KNorm);
    }
    b.add("post_attention_layernorm.weight", {h}, W::PostNormWeight);
    const int64_t i = c.intermediateSize;
    if (c.mlp == DecoderConfig::Mlp::GatedFused) {
        b.add("mlp.gate_up_proj.weight", {2 * i, h}, W::GateUp);
    } else {
        b.add("mlp.gate_proj.weight", {i, h}, W::Gate);
        if (c.mlpBias) b.add("mlp.gate_proj.bias", {i}, W::GateBias);
        b.add("mlp.up_proj.weight", {i, h}, W::Up);
        if (c.mlpBias) b.add("mlp.up_proj.bias", {i}, W::UpBias);
    }
    b.add("mlp.down_proj.weight", {h, i}, W::Down);
    if (c.mlpBias) b.add("mlp.down_proj.bias", {h}, W::DownBias);
}

void addGptNeoXLayer(const DecoderConfig& c, Builder b) {
    const int64_t h = c.hiddenSize, i = c.intermediateSize;
    b.add("input_layernorm.weight", {h}, W::InputNormWeight);
    b.add("input_layernorm.bias", {h}, W::InputNormBias);
    b.add("post_attention_layernorm.weight", {h}, W::PostNormWeight);
    b.add("post_attention_layernorm.bias", {h}, W::PostNormBias);
    b.add("attention.query_key_value.weight", {3 * h, h}, W::Qkv);
    if (c.qkvBias) b.add("attention.query_key_value.bias", {3 * h}, W::QkvBias);
    b.add("attention.dense.weight", {h, h}, W::Output);
    if (c.outputBias) b.add("attention.dense.bias", {h}, W::OutputBias);
    b.add("mlp.dense_h_to_4h.weight", {i, h}, W::FcIn);
    b.add("mlp.dense_h_to_4h.bias", {i}, W::FcInBias);
    b.add("mlp.dense_4h_to_h.weight", {h, i}, W::FcOut);
    b.add("mlp.dense_4h_to_h.bias", {h}, W::FcOutBias);
}

void addGptNeoLayer(const DecoderConfig& c, Builder b) {
    const int64_t h = c.hiddenSize, i = c.intermediateSize;
    b.add("ln_1.weight", {h}, W::InputNormWeight);
    b.add("ln_1.bias", {h}, W::InputNormBias);
    b.add("attn.attention.k_proj.weight", {h, h}, W::K);
    b.add("attn.attention.v_proj.weight", {h, h}, W::V);
    b.add("attn.attention.q_proj.weight", {h, h}, W::Q);
    b.add("attn.attention.out_proj.weight", {h, h}, W::Output);
    b.add("attn.attention.out_proj.bias", {h}, W::OutputBias);
    b.add("ln_2.weight", {h}, W::PostNormWeight);
    b.add("ln_2.bias", {h}, W::PostNormBias);
    b.add("mlp.c_fc.weight", {i, h}, W::FcIn);
    b.add("mlp.c_fc.bias", {i}, W::FcInBias);
    b.add("mlp.c_proj.weight", {h, i}, W::FcOut);
    b.add("mlp.c_proj.bias", {h}, W::FcOutBias);
}

}  // namespace

std::string tiedHeadName(const DecoderConfig& config) {
    return config.family == DecoderFamily::GptNeoX ? "embed_out.weight" : "lm_head.weight";
}

std::vector<DecoderParameter> decoderParameters(const DecoderConfig& c) {
    std::vector<DecoderParameter> out;
    const int64_t h = c.hiddenSize;
    Builder top{out, "", -1};
    if (c.family == DecoderFamily::GptNeoX) {
        top.add("gpt_neox.embed_in.weight", {c.vocabSize, h}, W::Embedding);
        for (int64_t layer = 0; layer < c.numLayers; ++layer)
            addGptNeoXLayer(c, {out, "gpt_neox.layers." + std::to_string(layer) + ".", layer});
        top.add("gpt_neox.final_layer_norm.weight", {h}, W::FinalNormWeight);
        top.add("gpt_neox.final_layer_norm.bias", {h}, W::FinalNormBias);
    } else if (c.family == DecoderFamily::GptNeo) {
        top.add("transformer.wte.weight", {c.vocabSize, h}, W::Embedding);
        top.add("transformer.wpe.weight", {c.maxPositions, h}, W::Positions);
        for (int64_t layer = 0; layer < c.numLayers; ++layer)
            addGptNeoLayer(c, {out, "transformer.h." + std::to_string(layer) + ".", layer});
        top.add("transformer.ln_f.weight", {h}, W::FinalNormWeight);
        top.add("transformer.ln_f.bias", {h}, W::FinalNormBias);
    } else {
        top.add("model.embed_tokens.weight", {c.vocabSize, h}, W::Embedding);
        for (int64_t layer = 0; layer < c.numLayers; ++layer)
            addLlamaLikeLayer(c, {out, "model.layers." + std::to_string(layer) + ".", layer});
        top.add("model.norm.weight", {h}, W::FinalNormWeight);
    }
    if (!c.tieWordEmbeddings) top.add(tiedHeadName(c), {c.vocabSize, h}, W::Head);
    return out;
}

bool isStoredDecoderBuffer(const std::string& name) {
    static const std::regex buffer(R"(.*\.(rotary_emb\.inv_freq|attention\.bias|attention\.masked_bias)$)");
    return std::regex_match(name, buffer);
}

}  // namespace hullft
