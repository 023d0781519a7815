#pragma once

#include <string>
#include <vector>

namespace hullft {

// One dictionary entry of a dictd database (`name.index` + `name.dict[.dz]`).
struct DictdEntry {
    std::string headword;
    size_t offset = 0;
    std::string text;
};

// Decodes dictd's base64 numbers (alphabet A-Za-z0-9+/, most significant digit first).
size_t decodeDictdNumber(const std::string& digits, const std::string& source);

// Entries in file order, each definition once (headwords sharing an offset are merged into
// the first); the database's own "00-database-*" metadata entries are left out.
std::vector<DictdEntry> readDictdEntries(const std::string& dictPath);

}  // namespace hullft
