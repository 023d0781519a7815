#include "tokenizer/byte_pair_encoding.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <queue>

#include "common/errors.h"
#include "tokenizer/tokenizer.h"
#include "common/utf8.h"
#include "tokenizer/byte_level_alphabet.h"

namespace hullft {
namespace {

constexpr size_t kMaxCachedPieces = 1 << 18;
constexpr size_t kMaxCachedPieceBytes = 256;

// A symbol of the piece being merged: a doubly linked list over the initial byte positions.
struct Symbol {
    int32_t id;
    int32_t previous;
    int32_t next;
};

// A mergeable adjacent pair, ordered by rank and then left to right.
struct Candidate {
    int32_t rank;
    int32_t left;
    int32_t leftId;
    int32_t rightId;
    bool operator>(const Candidate& other) const {
        return rank != other.rank ? rank > other.rank : left > other.left;
    }
};

}  // namespace

BytePairEncoding::BytePairEncoding(const std::unordered_map<std::string, int64_t>& vocab,
                                   const std::vector<MergeRule>& merges, const std::string& vocabSource,
                                   const std::string& mergesSource, const BpeOptions& options)
    : options_(options) {
    for (const auto& [symbol, id] : vocab) {
        if (id < 0 || id > kMaxTokenId)
            throw InputError(vocabSource, "vocab entry \"" + symbol + "\" has id " + std::to_string(id) +
                                              ", outside 0.." + std::to_string(kMaxTokenId));
        if (static_cast<size_t>(id) >= symbolById_.size()) {
            symbolById_.resize(static_cast<size_t>(id) + 1);
            knownIds_.resize(static_cast<size_t>(id) + 1, false);
        }
        if (knownIds_[id]) throw InputError(vocabSource, "vocab id " + std::to_string(id) + " is used twice");
        knownIds_[id] = true;
        symbolById_[id] = symbol;
        idBySymbol_.emplace(symbol, static_cast<int32_t>(id));
    }
    for (int byte = 0; byte < 256; ++byte) {
        if (options_.byteLevel) {
            const int64_t id = idOf(byteLevelAlphabet()[byte]);
            if (id < 0)
                throw InputError(vocabSource, "vocab lacks the byte-level symbol \"" +
                                                  byteLevelAlphabet()[byte] + "\" of byte " +
                                                  std::to_string(byte) +
                                                  " (not a byte-level BPE vocabulary)");
            byteSymbolId_[byte] = static_cast<int32_t>(id);
        } else {
            char name[7];
            std::snprintf(name, sizeof name, "<0x%02X>", byte);
            byteFallbackId_[byte] = static_cast<int32_t>(idOf(name));
        }
    }
    if (!options_.unknownToken.empty()) {
        unknownId_ = static_cast<int32_t>(idOf(options_.unknownToken));
        if (unknownId_ < 0)
            throw InputError(vocabSource,
                             "the unknown token \"" + options_.unknownToken + "\" is not in the vocab");
    }
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const MergeRule& rule = merges[rank];
        const int64_t left = idOf(rule.left), right = idOf(rule.right), merged = idOf(rule.left + rule.right);
        const std::string& missing = left < 0 ? rule.left : right < 0 ? rule.right : rule.left + rule.right;
        if (left < 0 || right < 0 || merged < 0)
            throw InputError(mergesSource, rule.where + ": merge \"" + rule.left + " " + rule.right +
                                               "\" uses \"" + missing + "\", which is not in the vocabulary");
        // A repeated pair takes its last rank, as GPT-2's dict(zip(merges, range(...))) does.
        mergeByPair_[pairKey(static_cast<int32_t>(left), static_cast<int32_t>(right))] =
            Merge{static_cast<int32_t>(rank), static_cast<int32_t>(merged)};
    }
}

int64_t BytePairEncoding::idOf(const std::string& symbol) const {
    const auto found = idBySymbol_.find(symbol);
    return found == idBySymbol_.end() ? -1 : found->second;
}

void BytePairEncoding::encodePiece(std::string_view piece, std::vector<int64_t>& ids) const {
    const bool cacheable = piece.size() <= kMaxCachedPieceBytes;
    std::string key;
    if (cacheable) {
        key.assign(piece);
        const std::lock_guard<std::mutex> lock(cacheMutex_);
        const auto found = cache_.find(key);
        if (found != cache_.end()) {
            ids.insert(ids.end(), found->second.begin(), found->second.end());
            return;
        }
    }
    std::vector<int32_t> merged = mergePiece(piece);
    ids.insert(ids.end(), merged.begin(), merged.end());
    if (cacheable) {
        const std::lock_guard<std::mutex> lock(cacheMutex_);
        if (cache_.size() >= kMaxCachedPieces) cache_.clear();
        cache_.emplace(std::move(key), std::move(merged));
    }
}

std::vector<int32_t> BytePairEncoding::mergePiece(std::string_view piece) const {
    if (options_.ignoreMerges) {
        std::string symbol;
        if (options_.byteLevel)
            for (const char byte : piece) symbol += byteLevelAlphabet()[static_cast<unsigned char>(byte)];
        else
            symbol.assign(piece);
        const auto found = idBySymbol_.find(symbol);
        if (found != idBySymbol_.end()) return {found->second};
    }
    return mergeSymbols(options_.byteLevel ? byteSymbols(piece) : characterSymbols(piece));
}

std::vector<int32_t> BytePairEncoding::byteSymbols(std::string_view piece) const {
    std::vector<int32_t> ids;
    ids.reserve(piece.size());
    for (const char byte : piece) ids.push_back(byteSymbolId_[static_cast<unsigned char>(byte)]);
    return ids;
}

// tokenizers' BPE::merge_word. Quirk kept: a pending unknown token is written only when a known
// character or the end follows, so it lands after byte-fallback tokens that come between.
std::vector<int32_t> BytePairEncoding::characterSymbols(std::string_view piece) const {
    std::vector<int32_t> ids;
    bool unknownPending = false;
    for (size_t offset = 0; offset < piece.size();) {
        const size_t start = offset;
        nextCodePoint(piece, offset);
        const std::string_view character = piece.substr(start, offset - start);
        const auto found = idBySymbol_.find(std::string(character));
        if (found != idBySymbol_.end()) {
            if (unknownPending) ids.push_back(unknownId_);
            unknownPending = false;
            ids.push_back(found->second);
            continue;
        }
        if (options_.byteFallback && std::all_of(character.begin(), character.end(), [&](char byte) {
                return byteFallbackId_[static_cast<unsigned char>(byte)] >= 0;
            })) {
            for (const char byte : character)
                ids.push_back(byteFallbackId_[static_cast<unsigned char>(byte)]);
            continue;
        }
        if (unknownId_ < 0) continue;  // no unknown token: the character is dropped, as tokenizers does
        if (unknownPending && !options_.fuseUnknown) ids.push_back(unknownId_);
        unknownPending = true;
    }
    if (unknownPending) ids.push_back(unknownId_);
    return ids;
}

// Repeatedly merge the adjacent pair with the lowest rank, leftmost first. GPT-2's bpe() merges
// every occurrence of that pair in one round and tokenizers' merge_all pops them one at a time
// from a priority queue; both give the same result, since a merge never creates another pair of
// the same rank (each rank is one pair, and the merged symbol differs from both sides). A heap
// keeps it O(n log n) on long pieces; pairs created by a round enter the heap after the round.
std::vector<int32_t> BytePairEncoding::mergeSymbols(const std::vector<int32_t>& initial) const {
    const auto count = static_cast<int32_t>(initial.size());
    std::vector<Symbol> symbols(initial.size());
    for (int32_t i = 0; i < count; ++i) symbols[i] = {initial[i], i - 1, i + 1 < count ? i + 1 : -1};

    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
    std::vector<Candidate> created;
    const auto consider = [&](int32_t left, std::vector<Candidate>& into) {
        if (left < 0 || symbols[left].next < 0) return;
        const int32_t right = symbols[left].next;
        const auto found = mergeByPair_.find(pairKey(symbols[left].id, symbols[right].id));
        if (found != mergeByPair_.end())
            into.push_back({found->second.rank, left, symbols[left].id, symbols[right].id});
    };
    for (int32_t i = 0; i + 1 < count; ++i) {
        created.clear();
        consider(i, created);
        for (const Candidate& candidate : created) heap.push(candidate);
    }
    while (!heap.empty()) {
        const int32_t rank = heap.top().rank;
        created.clear();
        while (!heap.empty() && heap.top().rank == rank) {
            const Candidate candidate = heap.top();
            heap.pop();
            Symbol& left = symbols[candidate.left];
            // Stale when an earlier merge consumed or changed either side (ids of dead symbols are -1).
            if (left.id != candidate.leftId || left.next < 0 || symbols[left.next].id != candidate.rightId)
                continue;
            Symbol& right = symbols[left.next];
            left.id = mergeByPair_.at(pairKey(candidate.leftId, candidate.rightId)).mergedId;
            left.next = right.next;
            if (right.next >= 0) symbols[right.next].previous = candidate.left;
            right.id = -1;
            consider(left.previous, created);
            consider(candidate.left, created);
        }
        for (const Candidate& candidate : created) heap.push(candidate);
    }
    std::vector<int32_t> ids;
    for (int32_t i = count > 0 ? 0 : -1; i >= 0; i = symbols[i].next) ids.push_back(symbols[i].id);
    return ids;
}

}  // namespace hullft
