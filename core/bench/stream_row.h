#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace hullft {

// The stages a stream reports, in pipeline order (QueryResult::stage_seconds), then the whole query.
inline constexpr std::array<const char*, 6> kStreamStages = {"embed",    "preselect", "select",
                                                             "finetune", "evaluate",  "total"};
// The index of `stage` in kStreamStages; std::out_of_range for another name.
size_t streamStageIndex(const std::string& stage);

// One query of a stream as stream.csv records it.
struct StreamRow {
    int position = 0;   // 1-based place in the stream
    std::string query;  // the held-out document id
    std::string domain;
    int pass = 1;  // StreamQuery::pass: above 1 the document was asked before
    std::array<double, kStreamStages.size()> seconds{};  // per kStreamStages; 0 for a stage that did not run
    int64_t computed_steps = 0;                          // forward-backward passes: gradient reconstructions
    int64_t reused_steps = 0;                            // gradient-cache hits
    double base_bpb = 0.0;
    double bpb = 0.0;            // under the adapted weights (the base ones for `base`)
    int64_t gradient_bytes = 0;  // FinetuneResult::gradient_bytes
    int64_t cache_bytes = 0;     // FinetuneResult::peak_cache_bytes
    // On CUDA: the allocator's peak during the finetune stage above what was allocated when it
    // began (gradients, Adam moments, activations); empty on the CPU.
    std::optional<int64_t> gpu_finetune_peak_bytes;
};

// stream.csv's first line.
const std::string& streamCsvHeader();
// One CSV line, no line ending: seconds with 6 decimals, BPB with 10, an empty GPU field on the CPU.
std::string streamRowToCsv(const StreamRow& row);

}  // namespace hullft
