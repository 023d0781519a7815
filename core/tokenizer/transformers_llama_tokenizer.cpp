#include "tokenizer/transformers_llama_tokenizer.h"

namespace hullft {

bool transformersBuildsLlamaTokenizer(const TokenizerConfig& config) {
    return config.tokenizerClass == "LlamaTokenizer" || config.tokenizerClass == "LlamaTokenizerFast";
}

TransformersLlamaPipeline transformersLlamaPipeline(const TokenizerConfig& config) {
    const bool addPrefixSpace = config.addPrefixSpace.value_or(true);
    const bool legacy = config.legacy.value_or(false);
    TransformersLlamaPipeline pipeline;

    pipeline.modelOptions.byteLevel = false;
    pipeline.modelOptions.byteFallback = true;
    pipeline.modelOptions.fuseUnknown = true;

    // transformers' _get_prepend_scheme(): "first" is what legacy false changed.
    using Prepend = MetaspacePreTokenizer::Prepend;
    pipeline.metaspace.prepend = !addPrefixSpace ? Prepend::Never : legacy ? Prepend::Always : Prepend::First;
    pipeline.metaspace.split = false;

    const std::string& mark = pipeline.metaspace.replacement;
    pipeline.decoder.push_back({DecoderStep::Kind::Replace, mark, " "});
    pipeline.decoder.push_back({DecoderStep::Kind::ByteFallback, "", ""});
    pipeline.decoder.push_back({DecoderStep::Kind::Fuse, "", ""});
    if (addPrefixSpace) pipeline.decoder.push_back({DecoderStep::Kind::Strip, "", " ", 1, 0});
    return pipeline;
}

}  // namespace hullft
