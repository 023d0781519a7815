#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace hullft {

// The two bidirectional encoder families: BERT (positions 0..L-1) and RoBERTa (positions
// counted from pad_token_id + 1 over the non-padding tokens).
enum class EncoderFamily { Bert, Roberta };

// What transformers' BertModel / RobertaModel need from config.json: sizes, LayerNorm epsilon,
// the MLP activation, the token-type table (row 0 is added to every token) and the padding id.
struct EncoderConfig {
    EncoderFamily family = EncoderFamily::Bert;
    std::string modelType;  // "bert" or "roberta"
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t intermediateSize = 0;
    int64_t maxPositions = 0;
    int64_t typeVocabSize = 2;
    double layerNormEpsilon = 1e-12;
    std::string activation = "gelu";
    int64_t padTokenId = 0;
    std::string nameOrPath;  // _name_or_path, "" when absent

    // The most tokens (special tokens included) one sequence may have: max_position_embeddings,
    // less the positions RoBERTa's offset skips (514 - 2 = 512 for roberta-base and -large).
    int64_t maxSequenceLength() const;
};

// The most layers a config may name: checked before the parameter list is sized.
inline constexpr int64_t kMaxEncoderLayers = 4096;

// Whether config.json's model_type names an encoder family ("bert", "roberta").
bool isEncoderModelType(const std::string& modelType);

// Parses and validates an encoder config.json: the size fields are required; the rest take
// BertConfig's / RobertaConfig's defaults. Options that change the arithmetic and are not
// implemented (a decoder or cross-attention config, relative position embeddings) are refused.
// InputError names `source` and the field.
EncoderConfig parseEncoderConfig(const nlohmann::json& config, const std::string& source);
EncoderConfig readEncoderConfig(const std::string& path);

// Every parameter an encoder of `config` has, with transformers' names without the model
// prefix (embeddings.word_embeddings.weight, encoder.layer.N.attention.self.query.weight, ...)
// and shapes; computed without allocating.
std::vector<std::pair<std::string, std::vector<int64_t>>> encoderParameterShapes(const EncoderConfig& config);

}  // namespace hullft
