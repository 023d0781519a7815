#pragma once

#include <cstdint>
#include <string>

#include "eval/bpb_rule.h"
#include "finetune/finetune_settings.h"
#include "pipeline/method.h"

namespace hullft {

// Settings of one query. Its defaults are the paper's, defined here and in FinetuneSettings
// only: the CLI, the bench and the workbench start from a default-constructed PipelineSettings
// (core/pipeline/README.md, "Defaults").
struct PipelineSettings {
    Method method = Method::Hullft;
    int n = 20;     // multiset size / neighbours N
    int k = 200;    // candidates preselected by FAISS
    // Frank-Wolfe and integerization (HullFT steps 2-3).
    int fw_max_iter = 250;
    double fw_tol = 1e-5;
    int swap_passes = 2;
    // SIFT's noise variance λ.
    double sift_lambda = 0.2;
    // Which tokens the query's bits per byte scores: all of them (a query longer than the BPB
    // window too), or the reference's first window (core/eval/README.md).
    BpbRule bpb_rule = BpbRule::Full;
    // Optimizer (lr 5e-5), truncation, trainable subset, circuit breaker and HullFT's gradient
    // reuse r (finetune.refresh_interval, 2); kNN, SIFT and hullft-noreuse always train with r = 1.
    FinetuneSettings finetune;
    // Continuations generated from the base and the adapted model: nucleus sampling with a fixed
    // seed (the same text every run; a tiny model's greedy text loops on one word); temperature
    // 0 is greedy decoding.
    int64_t generate_tokens = 160;
    double temperature = 0.8;
    double top_p = 0.9;
    uint64_t seed = 0;
    // With finetune.adapt = Lora: where the query's adapter is saved in PEFT's layout when the
    // adaptation is kept ("" = not saved). Not part of the recorded settings.
    std::string adapter_directory;
};

// The most finetuning steps (N) a query may ask for: its multiset, training order and gradient
// cache grow with N, and the paper's largest is 50.
inline constexpr int kMaxN = 100000;
// The most candidates (K) a query may preselect: each is searched, loaded and embedded.
inline constexpr int kMaxK = 1000000;
// The most tokens a continuation may generate, one forward pass each.
inline constexpr int kMaxGenerateTokens = 1 << 20;

// InputError ("query settings": field and value) when a setting is out of range.
void validatePipelineSettings(const PipelineSettings& settings);

// The settings a session records, as one JSON object (method, N, K, r, lr, FW, SIFT, BPB rule,
// generation).
std::string pipelineSettingsJson(const PipelineSettings& settings);

}  // namespace hullft
