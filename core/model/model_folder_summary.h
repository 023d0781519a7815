#pragma once

#include <cstdint>
#include <string>

namespace hullft {

// What a model folder holds, read from config.json and the safetensors headers only (no
// tensor data), so a user sees it before deciding to load.
struct ModelFolderSummary {
    std::string architecture;  // "LlamaForCausalLM", "GPT2LMHeadModel", ...
    int64_t parameters = 0;    // stored weights, buffers not counted
    std::string dtype;         // of the stored weights: "fp32", "fp16", "bf16", or "mixed"
    int64_t layers = 0;
    int64_t hidden_size = 0;
    int64_t vocab_size = 0;
    int64_t context_length = 0;
    int64_t file_bytes = 0;  // weight files on disk
    // Memory the weights take loaded (float32), and what full finetuning needs besides
    // activations: the weights, the base snapshot, gradients and Adam's two moments.
    int64_t loaded_bytes = 0;
    int64_t full_finetune_bytes = 0;
};

// InputError names the file that is missing or malformed (config.json, a weights file).
ModelFolderSummary describeModelFolder(const std::string& directory);

}  // namespace hullft
