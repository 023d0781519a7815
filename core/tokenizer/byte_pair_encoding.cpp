#include "tokenizer/byte_pair_encoding.h"

#include <functional>
#include <limits>
#include <queue>

#include "common/errors.h"
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
                                   const std::string& mergesSource, bool ignoreMerges)
    : ignoreMerges_(ignoreMerges) {
    for (const auto& [symbol, id] : vocab) {
        if (id < 0 || id > std::numeric_limits<int32_t>::max())
            throw InputError(vocabSource, "vocab entry \"" + symbol + "\" has id " + std::to_string(id) +
                                              ", outside 0.." +
                                              std::to_string(std::numeric_limits<int32_t>::max()));
        if (static_cast<size_t>(id) >= bytesById_.size()) {
            bytesById_.resize(static_cast<size_t>(id) + 1);
            knownIds_.resize(static_cast<size_t>(id) + 1, false);
        }
        if (knownIds_[id]) throw InputError(vocabSource, "vocab id " + std::to_string(id) + " is used twice");
        knownIds_[id] = true;
        bytesById_[id] = byteLevelSymbolToBytes(symbol);
        idBySymbol_.emplace(symbol, static_cast<int32_t>(id));
    }
    for (int byte = 0; byte < 256; ++byte) {
        const int64_t id = idOf(byteLevelAlphabet()[byte]);
        if (id < 0)
            throw InputError(vocabSource, "vocab lacks the byte-level symbol \"" + byteLevelAlphabet()[byte] +
                                              "\" of byte " + std::to_string(byte) +
                                              " (not a byte-level BPE vocabulary)");
        byteSymbolId_[byte] = static_cast<int32_t>(id);
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

// GPT-2's bpe(): repeatedly merge every occurrence (left to right) of the adjacent pair with
// the lowest rank. A heap keeps it O(n log n) on long pieces; pairs created by a round enter
// the heap only after the round, so the result equals the plain rank loop exactly.
std::vector<int32_t> BytePairEncoding::mergePiece(std::string_view piece) const {
    if (ignoreMerges_) {
        std::string symbol;
        for (const char byte : piece) symbol += byteLevelAlphabet()[static_cast<unsigned char>(byte)];
        const auto found = idBySymbol_.find(symbol);
        if (found != idBySymbol_.end()) return {found->second};
    }
    const auto count = static_cast<int32_t>(piece.size());
    std::vector<Symbol> symbols(piece.size());
    for (int32_t i = 0; i < count; ++i)
        symbols[i] = {byteSymbolId_[static_cast<unsigned char>(piece[i])], i - 1, i + 1 < count ? i + 1 : -1};

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
