#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/arguments.h"
#include "datastore/embedder.h"
#include "model/language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft::cli {

// The tokenizer and embedder a store command works with, chosen by --embedder (lm, the
// default, hashed, or hf:DIR), --model (default: the embedded model), --layer and --dimension;
// hf:DIR also takes --pooling mean|cls, --normalize and --device (where it embeds).
struct EmbedderChoice {
    std::shared_ptr<LanguageModel> model;  // set for the LM embedder, which reads its hidden states
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<Embedder> embedder;
    int layer = -1;
    int64_t max_tokens = 1024;
    int64_t batch_size = 64;  // sequences per committed store batch (--batch-size's default)
};

EmbedderChoice chooseEmbedder(const Arguments& args);

// The embedder a store was built with, recreated from its manifest's identity (hashed n-grams
// need nothing else; an LM embedder needs --model; an hf-... identity needs --embedder hf:DIR
// with the folder that built it, its pooling and normalisation read from the identity).
// InputError names the embedder the store needs when the given one is another.
EmbedderChoice embedderForIdentity(const std::string& identity, const Arguments& args);

// The options chooseEmbedder() and embedderForIdentity() read, for a command's option list.
const std::vector<std::string>& embedderOptionNames();
const std::vector<std::string>& embedderFlagNames();

}  // namespace hullft::cli
