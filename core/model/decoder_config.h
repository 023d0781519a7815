#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hullft {

// The decoder families loaded from Hugging Face folders besides GPT-2 (gpt2_config.h).
enum class DecoderFamily { Llama, Mistral, Qwen2, Qwen3, Phi3, GptNeoX, GptNeo };

// Rotary position embedding as transformers computes it: inverse frequencies
// 1 / theta^(2i / rotaryDim) for i < rotaryDim / 2, rescaled by the rope type ("default",
// "linear": divided by factor, "llama3": Llama 3.1's smoothed per-wavelength rescaling), applied
// by rotate-half to the first rotaryDim dimensions of each head (partial rotary: Pythia, Phi-4).
struct RopeSettings {
    double theta = 10000.0;
    int64_t rotaryDim = 0;
    std::string type = "default";
    double factor = 1.0;                       // linear, llama3
    double lowFreqFactor = 1.0;                // llama3
    double highFreqFactor = 4.0;               // llama3
    int64_t originalMaxPositions = 8192;       // llama3
};

// Everything the generic decoder (decoder_model.h) needs to run one of the families: sizes,
// the normalisation, how q/k/v and the MLP are stored, the residual form, positions, windows.
struct DecoderConfig {
    enum class Norm { Rms, Layer };                      // RMSNorm (Llama...) or LayerNorm (GPT-NeoX, GPT-Neo)
    enum class QkvLayout { Separate, Fused, FusedPerHead };  // q/k/v_proj; Phi-3's [q; k; v]; NeoX's per head
    enum class Mlp { Gated, GatedFused, Plain };         // gate/up/down; Phi-3's gate_up; in/out with biases

    DecoderFamily family = DecoderFamily::Llama;
    std::string architecture;  // "LlamaForCausalLM", ...
    std::string modelType;     // config.json's model_type
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKeyValueHeads = 0;
    int64_t headDim = 0;
    int64_t maxPositions = 0;
    Norm norm = Norm::Rms;
    double normEpsilon = 1e-6;
    std::string activation = "silu";
    bool tieWordEmbeddings = false;
    bool qkvBias = false;     // biases of the q/k/v projections
    bool outputBias = false;  // bias of the attention output projection
    bool mlpBias = false;
    bool qkNorm = false;      // Qwen3: RMSNorm over each head of q and k before the rotation
    QkvLayout qkv = QkvLayout::Separate;
    Mlp mlp = Mlp::Gated;
    bool parallelResidual = false;  // GPT-NeoX: x + attn(ln1(x)) + mlp(ln2(x))
    bool learnedPositions = false;  // GPT-Neo: wpe instead of rotary
    std::optional<RopeSettings> rope;
    double attentionScale = 0.0;  // 0: 1/sqrt(headDim); GPT-Neo: 1 (unscaled scores)
    std::vector<int64_t> windows;  // per layer: 0 = full causal attention, w = the last w keys
    std::optional<int64_t> bosTokenId;
    std::optional<int64_t> eosTokenId;
    std::string storedDtype;  // config.json's dtype / torch_dtype, "" when absent
};

// The most layers a config may name (the largest public decoders have about 130).
inline constexpr int64_t kMaxDecoderLayers = 4096;

// The architectures parseDecoderConfig() accepts, for messages.
const char* supportedDecoderArchitectures();

// Whether config.json's model_type names one of the decoder families.
bool isDecoderModelType(const std::string& modelType);

// Parses and validates a config.json of a decoder family (hub-style fields such as rope_theta,
// rope_scaling, rotary_pct, or transformers 5's rope_parameters). Options that would change the
// arithmetic and are not implemented (a rope type, a sliding-window form) are refused with their
// name. InputError names `source` and the field.
DecoderConfig parseDecoderConfig(const std::string& jsonText, const std::string& source);
DecoderConfig readDecoderConfig(const std::string& path);

}  // namespace hullft
