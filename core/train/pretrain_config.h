#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hullft {

// Everything `hullft pretrain` needs, read from a committed JSON file
// (resources/models/default/pretrain.json) so a run can be reproduced exactly.
struct PretrainConfig {
    // Model shape (GPT-2 architecture, byte-level vocabulary).
    int n_layer = 4;
    int n_head = 4;
    int n_embd = 256;
    int n_positions = 1024;
    int vocab_size = 257;

    // Data: JSONL files of {"text", "domain"} (the corpus builder's splits).
    std::string train_file;
    std::string heldout_file;
    std::vector<std::string> heldout_domains;  // left out of pretraining entirely

    // Optimisation: AdamW, linear warm-up then cosine decay to min_lr.
    int64_t steps = 3000;
    int batch_size = 32;
    int sequence_length = 1024;
    double learning_rate = 1e-3;
    double min_learning_rate = 1e-4;
    int64_t warmup_steps = 200;
    double weight_decay = 0.1;
    double beta1 = 0.9;
    double beta2 = 0.95;
    double gradient_clip = 1.0;
    bool bf16_on_cuda = true;

    // Bookkeeping.
    int64_t eval_interval = 250;
    int eval_batches = 8;
    int64_t checkpoint_interval = 500;
    uint64_t seed = 1234;
};

// Parses and validates a pretraining config; InputError names the file and field. Relative data
// paths are resolved against the config file's folder.
PretrainConfig loadPretrainConfig(const std::string& path);

}  // namespace hullft
