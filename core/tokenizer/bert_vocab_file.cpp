#include "tokenizer/bert_vocab_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "common/errors.h"
#include "tokenizer/special_token_rule.h"
#include "tokenizer/word_piece_tokenizer.h"

namespace hullft {
namespace {

std::unordered_map<std::string, int64_t> readVocabLines(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path, "cannot be read");
    std::unordered_map<std::string, int64_t> vocab;
    std::string line;
    for (int64_t id = 0; std::getline(file, line); ++id) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        vocab[line] = id;  // a repeated token takes its last line, as transformers' load_vocab
    }
    if (vocab.empty()) throw InputError(path, "the vocabulary is empty");
    return vocab;
}

}  // namespace

std::unique_ptr<Tokenizer> loadBertVocabFile(const std::string& path, const TokenizerConfig& config) {
    const std::string unknown = config.unknownToken.value_or("[UNK]");
    const std::string classifier = config.classifierToken.value_or("[CLS]");
    const std::string separator = config.separatorToken.value_or("[SEP]");
    WordPieceParts parts;
    parts.kind = "vocab.txt";
    parts.model = std::make_unique<WordPiece>(readVocabLines(path), unknown, "##", 100, path);
    NormalizerStep normalizer{NormalizerStep::Kind::Bert, "", "", {}};
    normalizer.bert.lowercase = config.doLowerCase.value_or(true);
    normalizer.bert.stripAccents = config.stripAccents.value_or(normalizer.bert.lowercase);
    normalizer.bert.handleChineseChars = config.tokenizeChineseChars.value_or(true);
    parts.normalizer = TextNormalizer({normalizer});
    for (const std::string& special :
         {std::string("[PAD]"), unknown, classifier, separator, std::string("[MASK]")})
        if (const int64_t id = parts.model->idOf(special); id >= 0)
            parts.addedTokens.push_back({special, id, false, false, false});
    const WordPiece& model = *parts.model;
    if (model.idOf(classifier) < 0 || model.idOf(separator) < 0)
        throw InputError(path, "the vocabulary lacks '" + classifier + "' or '" + separator + "'");
    const nlohmann::json bertProcessing = {{"type", "BertProcessing"},
                                           {"cls", {classifier, model.idOf(classifier)}},
                                           {"sep", {separator, model.idOf(separator)}}};
    parts.specialTokens = specialTokenTemplate(
        bertProcessing, config, [&model](const std::string& token) { return model.idOf(token); }, path);
    parts.endOfTextId = config.endOfTextToken && model.idOf(*config.endOfTextToken) >= 0
                            ? std::optional<int64_t>(model.idOf(*config.endOfTextToken))
                            : std::nullopt;
    return std::make_unique<WordPieceTokenizer>(std::move(parts));
}

}  // namespace hullft
