#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "model/encoder_model.h"

namespace hullft {

// Loads a Hugging Face BERT or RoBERTa folder (config.json + model.safetensors, its shards, or
// pytorch_model.bin) as an encoder on `device`. Checkpoint names may carry the task models'
// prefix (roberta., bert.: RobertaForMaskedLM, BertForMaskedLM) or none (AutoModel); lm_head.*,
// cls.*, pooler.* and the position_ids / token_type_ids buffers are skipped; TF-era LayerNorm
// gamma/beta are read as weight/bias. Names and shapes are checked against the config before
// the model is built; NaN or infinite weights are refused. InputError names the file.
std::shared_ptr<EncoderModel> loadEncoderModel(const std::string& directory,
                                               torch::Device device = torch::kCPU);

}  // namespace hullft
