#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "tokenizer/byte_pair_encoding.h"

namespace hullft {

// A vocab object {"symbol": id, ...} (vocab.json, tokenizer.json's model.vocab). InputError
// names `source`, the field and the entry when it is not an object of non-negative integers.
std::unordered_map<std::string, int64_t> parseBpeVocab(const nlohmann::json& vocab, const std::string& source,
                                                       const std::string& field);

// One merge "left right" (a merges.txt line, a tokenizer.json string entry): exactly two
// non-empty symbols separated by one space. InputError names `source` and `where`.
MergeRule parseMergeLine(const std::string& line, const std::string& source, const std::string& where);

}  // namespace hullft
