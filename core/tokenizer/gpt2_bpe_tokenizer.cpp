#include "tokenizer/gpt2_bpe_tokenizer.h"

#include <sstream>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/utf8.h"
#include "tokenizer/bpe_file_parsing.h"
#include "tokenizer/byte_level_bpe_tokenizer.h"
#include "tokenizer/special_token_rule.h"

namespace hullft {
namespace {

std::vector<MergeRule> readMergesTxt(const std::string& path) {
    const std::string text = readFileBytes(path);
    requireValidUtf8(text, path);
    std::vector<MergeRule> merges;
    std::istringstream lines(text);
    std::string line;
    for (size_t number = 1; std::getline(lines, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("#version", 0) == 0) continue;
        if (line.empty() && lines.peek() == std::char_traits<char>::eof()) break;  // final newline
        merges.push_back(parseMergeLine(line, path, "line " + std::to_string(number)));
    }
    return merges;
}

}  // namespace

std::unique_ptr<Tokenizer> loadGpt2BpeTokenizer(const std::string& vocabPath, const std::string& mergesPath,
                                                const TokenizerConfig& config) {
    ByteLevelBpeParts parts;
    parts.kind = "gpt2-bpe";
    parts.model =
        std::make_unique<BytePairEncoding>(parseBpeVocab(readJsonFile(vocabPath), vocabPath, "vocabulary"),
                                           readMergesTxt(mergesPath), vocabPath, mergesPath, BpeOptions{});
    const std::string endOfTextToken = config.endOfTextTokenOrDefault();
    const int64_t endOfText = parts.model->idOf(endOfTextToken);
    if (endOfText >= 0) {
        parts.addedTokens.push_back({endOfTextToken, endOfText});
        parts.endOfTextId = endOfText;
    }
    parts.preTokenizer.push_back({PreTokenizerStep::Kind::ByteLevel,
                                  std::make_shared<Pcre2Regex>(kGpt2PreTokenizerPattern, "GPT-2 regex")});
    // No post_processor: only tokenizer_config.json's add_bos_token / add_eos_token add anything.
    parts.specialTokens = specialTokenTemplate(
        nullptr, config, [&](const std::string& token) { return parts.model->idOf(token); }, vocabPath);
    return std::make_unique<ByteLevelBpeTokenizer>(std::move(parts));
}

}  // namespace hullft
