#pragma once

#include "cli/arguments.h"
#include "pipeline/loaded_pipeline.h"
#include "pipeline/pipeline_settings.h"

namespace hullft::cli {

// The query options `hullft query` and `hullft bench` share, applied over `settings`: --k, --r,
// --lr, --lambda, --generate-tokens, --temperature, --top-p, --seed, --bpb-rule, --adapt full|lora,
// --lora-rank, --lora-alpha, --lora-targets (comma-separated PEFT module names). Method and N
// are the caller's. UsageError for a LoRA option without --adapt lora.
void applySharedPipelineOptions(const Arguments& args, PipelineSettings& settings);

// --model (default: the embedded model), --store (default: the default store), --device,
// --precision and --layer, as the pipeline's sources.
PipelineSources pipelineSourcesFromArguments(const Arguments& args);

}  // namespace hullft::cli
