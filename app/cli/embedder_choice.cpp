#include "cli/embedder_choice.h"

#include "cli/cli_output.h"
#include "common/errors.h"
#include "datastore/hashed_ngram_embedder.h"
#include "tokenizer/byte_tokenizer.h"

namespace hullft::cli {
namespace {

EmbedderChoice hashed(const Arguments& args, int64_t dimension) {
    EmbedderChoice choice;
    choice.tokenizer = std::make_unique<ByteTokenizer>();
    choice.embedder = std::make_unique<HashedNgramEmbedder>(dimension);
    choice.max_tokens = args.intValue("max-tokens", 1024);
    if (choice.max_tokens < 1) throw UsageError("--max-tokens must be positive");
    return choice;
}

}  // namespace

EmbedderChoice chooseEmbedder(const Arguments& args) {
    const std::string kind = args.valueOr("embedder", "hashed");
    if (kind == "hashed") {
        const int dimension = args.intValue("dimension", 512);
        if (dimension < 1) throw UsageError("--dimension must be positive");
        return hashed(args, dimension);
    }
    if (kind == "lm")
        // LmEmbedder (core/datastore/lm_embedder.h) is ready; it needs the model loader.
        throw hullft::Error("--embedder lm needs the GPT-2 model loader, which this build does not have yet; use --embedder hashed");
    throw UsageError("--embedder must be 'hashed' or 'lm', got '" + kind + "'");
}

EmbedderChoice embedderForIdentity(const std::string& identity, const Arguments& args) {
    const std::string prefix = "hashed-ngram-v1-d";
    if (identity.rfind(prefix, 0) == 0) return hashed(args, std::stoll(identity.substr(prefix.size())));
    EmbedderChoice choice = chooseEmbedder(args);
    return choice;
}

}  // namespace hullft::cli
