#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hullft {

// How an embedder pools a sequence's final hidden states: the mean over the attention mask
// (special tokens included, as transformers users and sentence-transformers do) or the first
// token's state ([CLS] / <s>).
enum class EmbeddingPooling { Mean, Cls };

const char* poolingName(EmbeddingPooling pooling);  // "mean", "cls"
std::optional<EmbeddingPooling> poolingNamed(const std::string& name);

// What a Hugging Face embedding folder says about itself. A sentence-transformers folder
// (modules.json) names its Transformer module's folder, its Pooling and whether a Normalize
// module follows; a plain model folder is its own model folder and says nothing else.
struct EmbeddingFolderLayout {
    std::string modelDirectory;  // config.json, weights, tokenizer
    std::optional<EmbeddingPooling> pooling;
    bool normalize = false;
    std::optional<int64_t> maxSeqLength;  // sentence_bert_config.json's max_seq_length
};

// Reads `folder`'s modules.json when there is one. Modules are told apart by the last part of
// their type (sentence_transformers.models.Pooling and sentence-transformers 6's
// sentence_transformers.sentence_transformer.modules.pooling.Pooling alike): one Transformer,
// then Pooling (pooling_mode_mean_tokens or pooling_mode_cls_token, or 6's "pooling_mode":
// "mean"/"cls"), then optionally Normalize. Other modules (Dense, ...) and pooling modes (max,
// lasttoken, weightedmean, mean_sqrt_len) are refused by name. max_seq_length comes from the
// Transformer folder's sentence_bert_config.json, or (sentence-transformers 6, which keeps it
// there) its tokenizer_config.json's model_max_length. InputError names the file and field.
EmbeddingFolderLayout readEmbeddingFolderLayout(const std::string& folder);

}  // namespace hullft
