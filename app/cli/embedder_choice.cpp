#include "cli/embedder_choice.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "cli/cli_output.h"
#include "common/errors.h"
#include "cli/default_paths.h"
#include "datastore/default_store.h"
#include "datastore/hashed_ngram_embedder.h"
#include "datastore/hf_embedder.h"
#include "datastore/lm_embedder.h"
#include "model/device.h"
#include "model/load_language_model.h"
#include "tokenizer/byte_level_tokenizer.h"

namespace hullft::cli {
namespace {

// Test hook: HULLFT_TEST_EMBED_PAUSE_MS slows every batch down so that crash tests (kill -9
// mid-build) hit the embedding stage on any machine. Vectors are unchanged.
class PausingEmbedder : public Embedder {
public:
    PausingEmbedder(std::unique_ptr<Embedder> inner, int pauseMs) : inner_(std::move(inner)), pauseMs_(pauseMs) {}
    int64_t dimension() const override { return inner_->dimension(); }
    std::string identity() const override { return inner_->identity(); }
    bool normalizes() const override { return inner_->normalizes(); }
    std::string description() const override { return inner_->description(); }
    torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs_));
        return inner_->embed(sequences);
    }

private:
    std::unique_ptr<Embedder> inner_;
    int pauseMs_;
};

std::unique_ptr<Embedder> withTestPause(std::unique_ptr<Embedder> embedder) {
    const char* pause = std::getenv("HULLFT_TEST_EMBED_PAUSE_MS");
    if (!pause || std::atoi(pause) <= 0) return embedder;
    return std::make_unique<PausingEmbedder>(std::move(embedder), std::atoi(pause));
}

EmbedderChoice hashed(const Arguments& args, int64_t dimension) {
    EmbedderChoice choice;
    choice.tokenizer = std::make_unique<ByteLevelTokenizer>();
    choice.embedder = withTestPause(std::make_unique<HashedNgramEmbedder>(dimension));
    choice.max_tokens = args.intValue("max-tokens", 1024);
    if (choice.max_tokens < 1) throw UsageError("--max-tokens must be positive");
    return choice;
}

// --model's model and tokenizer, with --max-tokens capped at its context; no embedder yet.
EmbedderChoice languageModel(const Arguments& args) {
    const std::string modelDir = args.valueOr("model", defaultModelDirectory());
    EmbedderChoice choice;
    choice.model = loadLanguageModel(modelDir);
    choice.model->module().eval();
    choice.tokenizer = loadTokenizer(modelDir);
    choice.max_tokens = std::min<int64_t>(args.intValue("max-tokens", 1024), choice.model->contextLength());
    if (choice.max_tokens < 1) throw UsageError("--max-tokens must be positive");
    return choice;
}

const std::string kHfPrefix = "hf:";

bool isHfChoice(const std::string& kind) { return kind.rfind(kHfPrefix, 0) == 0 && kind.size() > kHfPrefix.size(); }

std::string hfFolderOf(const Arguments& args) {
    const std::string kind = args.valueOr("embedder", "");
    return isHfChoice(kind) ? kind.substr(kHfPrefix.size()) : "";
}

// An HfEmbedder's choice: its tokenizer, and max_tokens = what a sequence keeps besides the
// special tokens (or --max-tokens, if smaller).
EmbedderChoice huggingFaceChoice(std::unique_ptr<HfEmbedder> embedder, const Arguments& args) {
    EmbedderChoice choice;
    choice.tokenizer = embedder->tokenizer();
    choice.max_tokens = std::min<int64_t>(args.intValue("max-tokens", static_cast<int>(embedder->maxContentTokens())),
                                          embedder->maxContentTokens());
    if (choice.max_tokens < 1) throw UsageError("--max-tokens must be positive");
    choice.embedder = withTestPause(std::move(embedder));
    return choice;
}

// --embedder hf:DIR with --pooling, --normalize, on --device.
EmbedderChoice huggingFace(const Arguments& args) {
    HfEmbedderOptions options;
    if (args.has("pooling")) {
        options.pooling = poolingNamed(args.value("pooling"));
        if (!options.pooling) throw UsageError("--pooling must be 'mean' or 'cls', got '" + args.value("pooling") + "'");
    }
    if (args.flag("normalize")) options.normalize = true;
    options.device = selectDevice(args.valueOr("device", "auto"));
    EmbedderChoice choice = huggingFaceChoice(std::make_unique<HfEmbedder>(hfFolderOf(args), options), args);
    // A GPU embeds 32 full 512-token sequences per pass (16384 tokens): commit several passes at once.
    if (options.device.is_cuda()) choice.batch_size = 512;
    return choice;
}

}  // namespace

const std::vector<std::string>& embedderOptionNames() {
    static const std::vector<std::string> names = {"embedder", "model", "layer", "dimension", "max-tokens", "pooling", "device"};
    return names;
}

const std::vector<std::string>& embedderFlagNames() {
    static const std::vector<std::string> names = {"normalize"};
    return names;
}

EmbedderChoice chooseEmbedder(const Arguments& args) {
    const std::string kind = args.valueOr("embedder", "lm");
    if (kind == "hashed") {
        // Each document's vector is this wide: past it, one argument would exhaust memory.
        constexpr int kMaxDimension = 65536;
        return hashed(args, args.boundedIntValue("dimension", 512, 1, kMaxDimension));
    }
    if (kind == "lm") {
        EmbedderChoice choice = languageModel(args);
        choice.layer = args.intValue("layer", kDefaultEmbeddingLayer);
        if (choice.layer < 0 || choice.layer > choice.model->numLayers())
            throw UsageError("--layer must lie in [0, " + std::to_string(choice.model->numLayers()) + "]");
        choice.embedder = std::make_unique<LmEmbedder>(*choice.model, choice.layer);
        return choice;
    }
    if (isHfChoice(kind)) return huggingFace(args);
    throw UsageError("--embedder must be 'hashed', 'lm' or 'hf:DIR', got '" + kind + "'");
}

EmbedderChoice embedderForIdentity(const std::string& identity, const Arguments& args) {
    if (const std::optional<int64_t> dimension = HashedNgramEmbedder::dimensionOfIdentity(identity))
        return hashed(args, *dimension);
    if (HfEmbedder::parseIdentity(identity))
        return huggingFaceChoice(HfEmbedder::ofStore(hfFolderOf(args), identity, selectDevice(args.valueOr("device", "auto"))), args);
    EmbedderChoice choice = languageModel(args);
    std::optional<int> layer;
    if (args.has("layer")) layer = args.intValue("layer", 0);
    auto embedder = LmEmbedder::ofStore(*choice.model, identity, layer, args.valueOr("model", defaultModelDirectory()));
    choice.layer = embedder->layer();
    choice.embedder = std::move(embedder);
    return choice;
}

}  // namespace hullft::cli
