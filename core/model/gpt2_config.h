#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hullft {

// The fields of a Hugging Face GPT-2 config.json this project uses. Defaults are
// transformers' GPT2Config defaults, because save_pretrained leaves out values equal to them.
struct Gpt2Config {
    int64_t n_layer = 12;
    int64_t n_head = 12;
    int64_t n_embd = 768;
    int64_t n_positions = 1024;
    int64_t vocab_size = 50257;
    std::optional<int64_t> n_inner;  // MLP width; 4 * n_embd when absent
    double layer_norm_epsilon = 1e-5;
    std::string activation_function = "gelu_new";
    bool tie_word_embeddings = true;
    std::optional<int64_t> bos_token_id = 50256;
    std::optional<int64_t> eos_token_id = 50256;

    int64_t innerSize() const { return n_inner.value_or(4 * n_embd); }
};

// Reads and validates config.json: model_type "gpt2" and a GPT-2 architecture, positive sizes,
// n_embd divisible by n_head, a supported activation. InputError names the file and field.
Gpt2Config readGpt2Config(const std::string& path);

// Parses config.json text; `source` names it in errors.
Gpt2Config parseGpt2Config(const std::string& jsonText, const std::string& source);

// config.json text that transformers' GPT2LMHeadModel.from_pretrained loads.
std::string gpt2ConfigJson(const Gpt2Config& config);

}  // namespace hullft
