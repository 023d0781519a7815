#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/lora_settings.h"

namespace hullft {

class LanguageModel;

// A linear layer a model offers to LoRA: its module name (Hugging Face spelling, e.g.
// "model.layers.0.self_attn.q_proj") and weight, stored [out, in], or [in, out] for GPT-2's
// Conv1D (PEFT's fan_in_fan_out).
struct LinearLayer {
    std::string module;
    torch::Tensor weight;
    bool fanInFanOut = false;
};

// One query's adapters over the targeted layers of a model. A starts as PEFT initialises it
// (kaiming-uniform, a = sqrt(5): U(-1/sqrt(in), 1/sqrt(in)), from torch's global generator) and B
// as zeros, so a fresh adapter changes nothing; the adapters are float32 on the model's device
// with requires_grad on. The model's weights are never written: dropping the adapters is the
// base model, bit for bit.
class LoraAdapters {
public:
    // InputError ("finetune settings") when no layer of the model matches the targets.
    LoraAdapters(LanguageModel& model, const LoraSettings& settings);

    // The update (x Aᵀ Bᵀ) · scale for the layer whose weight is `baseWeight`; undefined when that
    // layer has no adapter.
    torch::Tensor delta(const torch::Tensor& x, const torch::Tensor& baseWeight) const;

    // Adapter tensors with PEFT's saved names ("base_model.model.<module>.lora_A.weight").
    const std::vector<std::pair<std::string, torch::Tensor>>& namedParameters() const { return named_; }
    const LoraSettings& settings() const { return settings_; }
    int64_t parameterCount() const;

    // Writes `directory` as PEFT's LoRA layout: adapter_config.json and adapter_model.safetensors
    // (each atomically; the folder is created). `baseModel` goes in base_model_name_or_path.
    void savePeft(const std::string& directory, const std::string& baseModel) const;

private:
    struct Adapter {
        torch::Tensor a;  // [rank, in]
        torch::Tensor b;  // [out, rank]
    };

    LoraSettings settings_;
    double scale_;
    bool fanInFanOut_ = false;
    std::vector<std::string> matchedTargets_;
    std::unordered_map<const void*, Adapter> byWeight_;  // keyed by the base weight's TensorImpl
    std::vector<std::pair<std::string, torch::Tensor>> named_;
};

}  // namespace hullft
