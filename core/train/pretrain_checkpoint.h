#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include <torch/torch.h>

#include "model/gpt2_model.h"
#include "train/adamw_optimizer.h"

namespace hullft {

// A Hugging Face folder that loads with its tokenizer: weights, config and the byte-level marker.
void saveByteLevelModel(Gpt2Model& model, const std::filesystem::path& directory);

// Where a pretraining run stands: the step it reached and the wall time spent so far.
struct PretrainProgress {
    int64_t step = 0;
    double seconds = 0.0;
};

// A resumable pretraining checkpoint in a folder: model/ (a Hugging Face folder),
// optimizer.safetensors (AdamW moments) and state.json (step, seconds, optimizer steps),
// written last, so a folder with state.json is complete.
//
// Writing goes to DIR.new, then DIR is renamed to DIR.old, DIR.new to DIR, and DIR.old is
// removed. A process killed anywhere in that sequence leaves a complete checkpoint in one of
// the three names; recoverPretrainCheckpoint() puts it back under DIR.
void writePretrainCheckpoint(const std::filesystem::path& directory, Gpt2Model& model,
                             const AdamWOptimizer& optimizer, const PretrainProgress& progress);

// After a crash: makes DIR the newest complete checkpoint among DIR, DIR.new and DIR.old and
// removes the others. Returns false when none exists (a fresh start).
bool recoverPretrainCheckpoint(const std::filesystem::path& directory);

// The checkpoint's model on `device`, with the optimizer state loaded into `optimizer` by the
// caller through loadPretrainOptimizer (the optimizer is built over the loaded model).
std::shared_ptr<Gpt2Model> loadPretrainModel(const std::filesystem::path& directory, torch::Device device);
PretrainProgress loadPretrainOptimizer(const std::filesystem::path& directory, AdamWOptimizer& optimizer);

}  // namespace hullft
