#include "tokenizer/bpe_file_parsing.h"

#include "common/errors.h"

namespace hullft {

std::unordered_map<std::string, int64_t> parseBpeVocab(const nlohmann::json& vocab, const std::string& source,
                                                       const std::string& field) {
    if (!vocab.is_object()) throw InputError(source, field + " must be a JSON object of symbol -> id");
    std::unordered_map<std::string, int64_t> ids;
    ids.reserve(vocab.size());
    for (const auto& [symbol, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0)
            throw InputError(source, field + " entry \"" + symbol +
                                         "\": id must be a non-negative integer, got " + id.dump());
        ids.emplace(symbol, id.get<int64_t>());
    }
    return ids;
}

MergeRule parseMergeLine(const std::string& line, const std::string& source, const std::string& where) {
    const size_t space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string::npos)
        throw InputError(source,
                         where + ": expected two symbols separated by one space, got \"" + line + "\"");
    return {line.substr(0, space), line.substr(space + 1), where};
}

}  // namespace hullft
