#include "cli/pipeline_setup.h"

#include "cli/default_paths.h"
#include "common/errors.h"
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
    settings.bpb_rule = parseBpbRule(args.valueOr("bpb-rule", bpbRuleName(settings.bpb_rule)), "--bpb-rule");
    const std::string adapt = args.valueOr("adapt", "full");
    if (adapt != "full" && adapt != "lora") throw UsageError("--adapt must be full or lora, got '" + adapt + "'");
    settings.finetune.adapt = adapt == "lora" ? AdaptMode::Lora : AdaptMode::Full;
    if (adapt == "full" && (args.has("lora-rank") || args.has("lora-alpha") || args.has("lora-targets")))
        throw UsageError("--lora-rank, --lora-alpha and --lora-targets need --adapt lora");
    settings.finetune.lora.rank = args.intValue("lora-rank", static_cast<int>(settings.finetune.lora.rank));
    settings.finetune.lora.alpha = args.doubleValue("lora-alpha", settings.finetune.lora.alpha);
    if (args.has("lora-targets")) settings.finetune.lora.targets = args.listValue("lora-targets");
}

PipelineSources pipelineSourcesFromArguments(const Arguments& args) {
    PipelineSources sources;
    sources.model_directory = args.valueOr("model", defaultModelDirectory());
    sources.store_directory = args.valueOr("store", defaultStoreDirectory());
    sources.device = args.valueOr("device", sources.device);
    sources.precision = args.valueOr("precision", sources.precision);
    if (args.has("layer")) sources.embedding_layer = args.intValue("layer", 0);
    if (args.has("embedder")) {
        const std::string embedder = args.value("embedder");
        if (embedder.rfind("hf:", 0) != 0 || embedder.size() == 3)
            throw UsageError("--embedder takes hf:DIR (a Hugging Face folder that built the store), got '" + embedder + "'");
        sources.embedder_directory = embedder.substr(3);
    }
    return sources;
}

}  // namespace hullft::cli
