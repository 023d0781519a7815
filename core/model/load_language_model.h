#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "model/decoder_model.h"
#include "model/language_model.h"

namespace hullft {

// Loads a Hugging Face decoder folder unchanged (config.json + model.safetensors or shards):
// the checkpoint's names and shapes are checked against the config before the model is built;
// stored buffers (masks, inverse frequencies) and a stored copy of a tied head are skipped.
// Weights become float32 on `device`. InputError names the file and the problem.
std::shared_ptr<DecoderModel> loadDecoderModel(const std::string& directory, torch::Device device = torch::kCPU);

// Loads any supported causal language model folder, by config.json's model_type: GPT-2 (and
// the project's byte-level models) or one of the decoder families. An unsupported model_type
// is refused with its name and the supported architectures.
std::shared_ptr<LanguageModel> loadLanguageModel(const std::string& directory, torch::Device device = torch::kCPU);

}  // namespace hullft
