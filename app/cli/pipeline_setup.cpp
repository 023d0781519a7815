#include "cli/pipeline_setup.h"

#include "cli/default_paths.h"
#include "common/errors.h"
#include "datastore/store_location.h"

namespace hullft::cli {

void applySharedPipelineOptions(const Arguments& args, PipelineSettings& settings) {
    settings.k = args.intValue("k", settings.k);
    settings.refresh_interval = args.intValue("r", settings.refresh_interval);
    settings.sift_lambda = args.doubleValue("lambda", settings.sift_lambda);
    settings.finetune.learning_rate = args.doubleValue("lr", settings.finetune.learning_rate);
    settings.generate_tokens = args.intValue("generate-tokens", static_cast<int>(settings.generate_tokens));
    settings.temperature = args.doubleValue("temperature", settings.temperature);
    settings.top_p = args.doubleValue("top-p", settings.top_p);
    settings.seed = static_cast<uint64_t>(args.intValue("seed", static_cast<int>(settings.seed)));
}

OpenedPipeline::OpenedPipeline(const Arguments& args)
    : device_(selectDevice(args.valueOr("device", "auto"))),
      precision_(selectPrecision(args.valueOr("precision", "auto"), device_)),
      modelDirectory_(args.valueOr("model", defaultModelDirectory())),
      store_(Store::open(args.valueOr("store", defaultStoreDirectory()))),
      choice_(embedderForIdentity(store_.manifest().embedder_identity, args)) {
    if (!choice_.model)
        throw InputError(store_.directory(), "was built with hashed n-gram embeddings; queries need a store built with --embedder lm");
    choice_.model->to(device_);
    choice_.model->setComputePrecision(precision_);
    pipeline_ = std::make_unique<QueryPipeline>(*choice_.model, *choice_.tokenizer, store_, *choice_.embedder);
}

}  // namespace hullft::cli
