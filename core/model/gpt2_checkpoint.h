#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "model/gpt2_model.h"

namespace hullft {

// Loads a Hugging Face GPT-2 folder unchanged: config.json plus model.safetensors (or shards).
// Tensor names may carry transformers' "transformer." prefix; the attention-mask buffers older
// checkpoints store (h.N.attn.bias, h.N.attn.masked_bias) are skipped. Every GPT-2 tensor must be
// present with the shape config.json implies; anything else is an InputError naming the file
// and the tensor. Weights are converted to float32 and moved to `device`.
std::shared_ptr<Gpt2Model> loadGpt2Model(const std::string& directory, torch::Device device = torch::kCPU);

// Whether a checkpoint tensor is one of the attention-mask buffers older GPT-2 checkpoints store
// (h.N.attn.bias, h.N.attn.masked_bias, with or without "transformer."): no weight, skipped.
bool isStoredGpt2Buffer(const std::string& name);

// Writes `model` as a folder transformers' GPT2LMHeadModel.from_pretrained loads unchanged:
// config.json and model.safetensors (float32, names as transformers saves them). Each file is
// written atomically; the folder is created if needed.
void saveGpt2Model(Gpt2Model& model, const std::string& directory);

}  // namespace hullft
