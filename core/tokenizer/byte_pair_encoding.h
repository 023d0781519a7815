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

// How a piece becomes the symbols the merges start from, as tokenizer.json's model says.
struct BpeOptions {
    // true: each byte is its byte-level symbol (GPT-2's alphabet). false: each character (code
    // point) is its own vocab entry, as SentencePiece-style BPE (Llama 2, Mistral) has it.
    bool byteLevel = true;
    bool ignoreMerges = false;  // a piece that is itself a vocab entry maps to it directly (Llama-3)
    // Characters only: one missing from the vocab becomes its UTF-8 bytes as "<0xAB>" entries
    // (byte_fallback), else the unknown token (fused into one for a run when fuseUnknown),
    // else nothing.
    bool byteFallback = false;
    std::string unknownToken;  // empty: none
    bool fuseUnknown = false;
};

// The BPE model: a vocabulary of symbol strings, merge ranks, and the merge loop that turns one
// pre-tokenized piece into ids.
class BytePairEncoding {
public:
    // The sources name the files in errors. Both sides of every merge and its result must be in
    // `vocab`, and so must every byte's symbol (byte level) and the unknown token; ids must be
    // distinct and non-negative.
    BytePairEncoding(const std::unordered_map<std::string, int64_t>& vocab,
                     const std::vector<MergeRule>& merges, const std::string& vocabSource,
                     const std::string& mergesSource, const BpeOptions& options);

    // Appends the ids of one pre-tokenized piece (raw bytes). Results are cached per piece.
    void encodePiece(std::string_view piece, std::vector<int64_t>& ids) const;

    // Every vocab entry's symbol by id (empty where no entry has that id), and which ids exist.
    const std::vector<std::string>& symbolById() const { return symbolById_; }
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
    std::vector<int32_t> byteSymbols(std::string_view piece) const;
    std::vector<int32_t> characterSymbols(std::string_view piece) const;
    std::vector<int32_t> mergeSymbols(const std::vector<int32_t>& initial) const;

    std::unordered_map<std::string, int32_t> idBySymbol_;
    std::unordered_map<uint64_t, Merge> mergeByPair_;
    BpeOptions options_;
    int32_t byteSymbolId_[256] = {};    // byte level: each byte's symbol
    int32_t byteFallbackId_[256] = {};  // characters: "<0xAB>" of each byte, -1 when absent
    int32_t unknownId_ = -1;
    std::vector<std::string> symbolById_;
    std::vector<bool> knownIds_;

    // Corpora repeat words; caching their ids is what makes long texts fast. Bounded in size.
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace hullft
