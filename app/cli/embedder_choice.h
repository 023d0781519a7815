#pragma once

#include <memory>
#include <string>

#include "cli/arguments.h"
#include "datastore/embedder.h"
#include "model/language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft::cli {

// The tokenizer and embedder a store command works with, chosen by --embedder (lm, the
// default, or hashed), --model (default: the embedded model), --layer and --dimension.
struct EmbedderChoice {
    std::shared_ptr<LanguageModel> model;  // set for the LM embedder, which reads its hidden states
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Embedder> embedder;
    int layer = -1;
    int64_t max_tokens = 1024;
};

EmbedderChoice chooseEmbedder(const Arguments& args);

// The embedder a store was built with, recreated from its manifest's identity
// (hashed n-grams need nothing else; an LM embedder needs --model).
EmbedderChoice embedderForIdentity(const std::string& identity, const Arguments& args);

}  // namespace hullft::cli
