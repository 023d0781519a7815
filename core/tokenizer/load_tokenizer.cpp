#include <filesystem>

#include "common/errors.h"
#include "common/json_io.h"
#include "tokenizer/bert_vocab_file.h"
#include "tokenizer/byte_level_tokenizer.h"
#include "tokenizer/gpt2_bpe_tokenizer.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Tokenizer> loadByteLevel(const std::string& configPath, const nlohmann::json& config) {
    const auto eos = config.find("eos_token_id");
    if (eos != config.end() && *eos != ByteLevelTokenizer::kEndOfTextId)
        throw InputError(configPath, "eos_token_id of a ByteLevelTokenizer must be " +
                                         std::to_string(ByteLevelTokenizer::kEndOfTextId) + ", got " +
                                         eos->dump());
    return std::make_unique<ByteLevelTokenizer>();
}

}  // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& directory) {
    std::error_code error;
    if (!fs::is_directory(directory, error)) throw InputError(directory, "no such tokenizer folder");
    const fs::path folder(directory);
    const std::string configPath = (folder / "tokenizer_config.json").string();
    const nlohmann::json config =
        fs::exists(configPath) ? readJsonFile(configPath) : nlohmann::json::object();
    const TokenizerConfig tokenizerConfig = readTokenizerConfig(config, configPath);

    if (fs::exists(folder / "tokenizer.json"))
        return loadHfTokenizerJson((folder / "tokenizer.json").string(), tokenizerConfig);
    if (fs::exists(folder / "vocab.json") && fs::exists(folder / "merges.txt"))
        return loadGpt2BpeTokenizer((folder / "vocab.json").string(), (folder / "merges.txt").string(),
                                    tokenizerConfig);
    if (fs::exists(folder / "vocab.txt")) return loadBertVocabFile((folder / "vocab.txt").string(), tokenizerConfig);
    if (tokenizerConfig.tokenizerClass == ByteLevelTokenizer::kTokenizerClass)
        return loadByteLevel(configPath, config);
    throw InputError(directory,
                     std::string("holds no tokenizer: expected tokenizer.json, vocab.json + merges.txt, BERT's vocab.txt, "
                                 "or a tokenizer_config.json with \"tokenizer_class\": \"") +
                         ByteLevelTokenizer::kTokenizerClass + "\"");
}

}  // namespace hullft
