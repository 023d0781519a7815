#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "model/checkpoint_tensors.h"
#include "model/gpt2_model.h"

namespace hullft {

// Loads a Hugging Face GPT-2 folder unchanged: config.json plus model.safetensors (or shards).
// Tensor names may carry transformers' "transformer." prefix; the attention-mask buffers older
// checkpoints store (h.N.attn.bias, h.N.attn.masked_bias) are skipped. Every GPT-2 tensor must be
// present with the shape config.json implies; anything else is an InputError naming the file
// and the tensor. Weights are converted to float32 and moved to `device`.
std::shared_ptr<Gpt2Model> loadGpt2Model(const std::string& directory, torch::Device device = torch::kCPU);

// The parameters a Gpt2Model of `config` has, names and shapes in its order, computed without
// building it: a checkpoint is checked against them before any memory of the config's size is
// allocated. InputError naming `configPath` when n_layer exceeds kMaxDecoderLayers.
ExpectedShapes gpt2ExpectedShapes(const Gpt2Config& config, const std::string& configPath);

// Whether a checkpoint tensor is one of the attention-mask buffers older GPT-2 checkpoints store
// (h.N.attn.bias, h.N.attn.masked_bias, with or without "transformer."): no weight, skipped.
bool isStoredGpt2Buffer(const std::string& name);

// Writes `model` as a folder transformers' GPT2LMHeadModel.from_pretrained loads unchanged:
// config.json and model.safetensors (float32, names as transformers saves them). Each file is
// written atomically; the folder is created if needed.
void saveGpt2Model(Gpt2Model& model, const std::string& directory);

}  // namespace hullft
