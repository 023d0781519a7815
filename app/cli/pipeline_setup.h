#pragma once

#include "cli/arguments.h"
#include "pipeline/loaded_pipeline.h"
#include "pipeline/pipeline_settings.h"

namespace hullft::cli {

// The query options `hullft query` and `hullft bench` share, applied over `settings`: --k, --r,
// --lr, --lambda, --generate-tokens, --temperature, --top-p, --seed. Method and N are the caller's.
void applySharedPipelineOptions(const Arguments& args, PipelineSettings& settings);

// --model (default: the embedded model), --store (default: the default store), --device,
// --precision and --layer, as the pipeline's sources.
PipelineSources pipelineSourcesFromArguments(const Arguments& args);

}  // namespace hullft::cli
