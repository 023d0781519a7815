#include "cli/embedder_choice.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "cli/cli_output.h"
#include "common/errors.h"
#include "datastore/hashed_ngram_embedder.h"
#include "tokenizer/byte_tokenizer.h"

namespace hullft::cli {
namespace {

// Test hook: HULLFT_TEST_EMBED_PAUSE_MS slows every batch down so that crash tests (kill -9
// mid-build) hit the embedding stage on any machine. Vectors are unchanged.
class PausingEmbedder : public Embedder {
public:
    PausingEmbedder(std::unique_ptr<Embedder> inner, int pauseMs) : inner_(std::move(inner)), pauseMs_(pauseMs) {}
    int64_t dimension() const override { return inner_->dimension(); }
    std::string identity() const override { return inner_->identity(); }
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
    choice.tokenizer = std::make_unique<ByteTokenizer>();
    choice.embedder = withTestPause(std::make_unique<HashedNgramEmbedder>(dimension));
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
