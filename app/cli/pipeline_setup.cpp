#include "cli/pipeline_setup.h"

#include "cli/default_paths.h"
#include "datastore/store_location.h"

namespace hullft::cli {

void applySharedPipelineOptions(const Arguments& args, PipelineSettings& settings) {
    settings.k = args.intValue("k", settings.k);
    settings.finetune.refresh_interval = args.intValue("r", settings.finetune.refresh_interval);
    settings.sift_lambda = args.doubleValue("lambda", settings.sift_lambda);
    settings.finetune.learning_rate = args.doubleValue("lr", settings.finetune.learning_rate);
    settings.generate_tokens = args.intValue("generate-tokens", static_cast<int>(settings.generate_tokens));
    settings.temperature = args.doubleValue("temperature", settings.temperature);
    settings.top_p = args.doubleValue("top-p", settings.top_p);
    settings.seed = static_cast<uint64_t>(args.intValue("seed", static_cast<int>(settings.seed)));
}

PipelineSources pipelineSourcesFromArguments(const Arguments& args) {
    PipelineSources sources;
    sources.model_directory = args.valueOr("model", defaultModelDirectory());
    sources.store_directory = args.valueOr("store", defaultStoreDirectory());
    sources.device = args.valueOr("device", sources.device);
    sources.precision = args.valueOr("precision", sources.precision);
    if (args.has("layer")) sources.embedding_layer = args.intValue("layer", 0);
    return sources;
}

}  // namespace hullft::cli
