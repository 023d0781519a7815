#include "corpus/dictd_reader.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "common/errors.h"
#include "common/json_io.h"
#include "corpus/gzip_reader.h"

namespace hullft {
namespace {

std::string indexPathFor(const std::string& dictPath) {
    std::string base = dictPath;
    for (const std::string suffix : {".dz", ".dict"})
        if (base.size() > suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
            base.resize(base.size() - suffix.size());
    return base + ".index";
}

}  // namespace

size_t decodeDictdNumber(const std::string& digits, const std::string& source) {
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (digits.empty()) throw InputError(source, "empty base64 number");
    size_t value = 0;
    for (const char c : digits) {
        const size_t digit = kAlphabet.find(c);
        if (digit == std::string::npos) throw InputError(source, "invalid base64 digit '" + std::string(1, c) + "' in '" + digits + "'");
        value = value * 64 + digit;
    }
    return value;
}

std::vector<DictdEntry> readDictdEntries(const std::string& dictPath) {
    const std::string raw = readFileBytes(dictPath);
    const std::string dict = looksGzipped(raw) ? gunzip(raw, dictPath) : raw;
    const std::string indexPath = indexPathFor(dictPath);
    std::istringstream index(readFileBytes(indexPath));
    std::map<size_t, DictdEntry> byOffset;
    std::string line;
    for (int lineNumber = 1; std::getline(index, line); ++lineNumber) {
        if (line.empty()) continue;
        const std::string where = indexPath + ":" + std::to_string(lineNumber);
        const size_t tab1 = line.find('\t');
        const size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab2 == std::string::npos) throw InputError(where, "expected 'headword<TAB>offset<TAB>length'");
        const std::string headword = line.substr(0, tab1);
        if (headword.rfind("00-database", 0) == 0 || headword.rfind("00database", 0) == 0) continue;
        const size_t offset = decodeDictdNumber(line.substr(tab1 + 1, tab2 - tab1 - 1), where);
        const size_t length = decodeDictdNumber(line.substr(tab2 + 1), where);
        if (offset + length > dict.size())
            throw InputError(where, "entry '" + headword + "' points past the end of " + dictPath);
        if (byOffset.count(offset)) continue;
        byOffset[offset] = DictdEntry{headword, offset, dict.substr(offset, length)};
    }
    std::vector<DictdEntry> entries;
    for (auto& [offset, entry] : byOffset) entries.push_back(std::move(entry));
    return entries;
}

}  // namespace hullft
