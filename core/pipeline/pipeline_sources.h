#pragma once

#include <optional>
#include <string>

namespace hullft {

// What a query pipeline is built from. `hullft query`, `hullft bench` and the workbench fill it
// from their options, so a source added here reaches all three.
struct PipelineSources {
    std::string model_directory;      // Hugging Face layout (config.json, model.safetensors, tokenizer)
    std::string store_directory;
    std::string device = "auto";      // auto | cpu | cuda | cuda:N
    std::string precision = "auto";   // auto (bf16 on CUDA, fp32 on the CPU) | fp32 | bf16
    std::optional<int> embedding_layer;  // the store's embedder layer when empty
    std::string embedder_directory;      // a Hugging Face embedding folder (--embedder hf:DIR) for stores it built
};

}  // namespace hullft
