#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hullft {

// One line of merges.txt or one entry of tokenizer.json's model.merges; `where` ("line 7",
// "model.merges[5]") lets errors point at it.
struct MergeRule {
    std::string left;
    std::string right;
    std::string where;
};

// The BPE model of the byte-level family: a vocabulary of byte-level symbol strings, merge
// ranks, and the merge loop that turns one pre-tokenized piece into ids.
class BytePairEncoding {
public:
    // The sources name the files in errors. Every byte's alphabet symbol, both sides of every
    // merge and its result must be in `vocab`; ids must be distinct and non-negative.
    // `ignoreMerges`: a piece that is itself a vocab entry maps to it directly (Llama-3).
    BytePairEncoding(const std::unordered_map<std::string, int64_t>& vocab,
                     const std::vector<MergeRule>& merges, const std::string& vocabSource,
                     const std::string& mergesSource, bool ignoreMerges);

    // Appends the ids of one pre-tokenized piece (raw bytes). Results are cached per piece.
    void encodePiece(std::string_view piece, std::vector<int64_t>& ids) const;

    // The raw bytes of every vocab entry by id (empty where no entry has that id), and which
    // ids exist.
    const std::vector<std::string>& bytesById() const { return bytesById_; }
    const std::vector<bool>& knownIds() const { return knownIds_; }
    int64_t idOf(const std::string& symbol) const;  // -1 when absent

private:
    struct Merge {
        int32_t rank;
        int32_t mergedId;
    };
    static uint64_t pairKey(int32_t left, int32_t right) {
        return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
    }
    std::vector<int32_t> mergePiece(std::string_view piece) const;

    std::unordered_map<std::string, int32_t> idBySymbol_;
    std::unordered_map<uint64_t, Merge> mergeByPair_;
    int32_t byteSymbolId_[256] = {};
    bool ignoreMerges_;
    std::vector<std::string> bytesById_;
    std::vector<bool> knownIds_;

    // Corpora repeat words; caching their ids is what makes long texts fast. Bounded in size.
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace hullft
