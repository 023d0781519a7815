#pragma once

#include <memory>
#include <optional>
#include <string>

#include "datastore/embedder.h"
#include "datastore/sentence_transformers_folder.h"

namespace hullft {

class EncoderModel;
class LanguageModel;
class LmEmbedder;
class Tokenizer;

// Overrides of what a folder says; empty fields take the folder's defaults.
struct HfEmbedderOptions {
    std::optional<EmbeddingPooling> pooling;  // default: the Pooling module's, else mean
    std::optional<bool> normalize;            // default: whether a Normalize module follows, else false
    torch::Device device = torch::kCPU;
    std::optional<int64_t> batchTokens;  // default: 2048 on the CPU, 16384 on CUDA
};

// An embedder from a Hugging Face folder: a BERT or RoBERTa folder, a sentence-transformers
// folder around one (sentence_transformers_folder.h), or a decoder folder of any family
// loadLanguageModel() supports (mean-pooled final hidden state: TTT-NN's GPT-Neo embedding).
//
// embed() takes token ids without special tokens (the store chunks with tokenizer()); each
// sequence gets the special tokens tokenizer(text) adds and is truncated as transformers'
// truncation=True, max_length=M does (the text's ids cut to M minus the special tokens), where M
// is sentence-transformers' max_seq_length, else the model's (RoBERTa 512 of 514 positions, BERT
// max_position_embeddings, a decoder's context). Mean pooling: sum(h * mask) / max(sum(mask),
// 1e-9) over every token the attention mask covers, special tokens included; cls: the first
// token's state. Then x / max(|x|, 1e-12) when normalizing. Batches as LmEmbedder's: sorted by
// length, right-padded with the pad id under an attention mask.
//
// Identity "hf-<first 16 hex of SHA-256 over the parameters and the special-token ids>-<mean|cls>
// [-normalized]-max<M>".
class HfEmbedder : public Embedder {
public:
    // InputError names the file that is missing or unusable, or the option that cannot apply.
    explicit HfEmbedder(const std::string& folder, const HfEmbedderOptions& options = {});
    ~HfEmbedder() override;

    int64_t dimension() const override { return dimension_; }
    std::string identity() const override { return identity_; }
    torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) override;
    bool normalizes() const override { return normalize_; }
    std::string description() const override { return description_; }

    // The tokenizer of the model folder: what the store chunks with and queries are encoded by.
    std::shared_ptr<const Tokenizer> tokenizer() const { return tokenizer_; }
    int64_t maxLength() const { return maxLength_; }
    // The most text tokens a sequence keeps: M less the special tokens.
    int64_t maxContentTokens() const;
    // Moves the model (queries follow the pipeline's device).
    void moveTo(torch::Device device);

    // What an "hf-..." identity says (pooling, normalisation, M); nullopt for other embedders'.
    struct IdentityParts {
        EmbeddingPooling pooling = EmbeddingPooling::Mean;
        bool normalize = false;
        int64_t maxLength = 0;
    };
    static std::optional<IdentityParts> parseIdentity(const std::string& identity);

    // The embedder of `folder` that built a store whose embedder is `storeIdentity` (an hf-...
    // identity), with the pooling and normalisation that identity names. InputError naming
    // --embedder when `folder` is empty, or naming `folder` when its embedder is another.
    static std::unique_ptr<HfEmbedder> ofStore(const std::string& folder, const std::string& storeIdentity,
                                               torch::Device device);

private:
    // With the special tokens, truncated to M.
    std::vector<int64_t> modelInput(const std::vector<int64_t>& sequence) const;
    torch::Tensor embedEncoderBatch(const std::vector<std::vector<int64_t>>& inputs,
                                    const std::vector<int64_t>& batch);

    std::shared_ptr<EncoderModel> encoder_;
    std::shared_ptr<LanguageModel> decoder_;
    std::unique_ptr<LmEmbedder> decoderEmbedder_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    EmbeddingPooling pooling_ = EmbeddingPooling::Mean;
    bool normalize_ = false;
    int64_t maxLength_ = 0;
    int64_t dimension_ = 0;
    int64_t vocabSize_ = 0;
    int64_t padId_ = 0;
    std::optional<int64_t> batchTokens_;
    std::string identity_;
    std::string description_;
};

}  // namespace hullft
