// The heap-based merge loop equals GPT-2's plain rank loop, even for merge lists whose ranks do
// not follow the order in which symbols were built.
#include <QtTest>
#include <algorithm>
#include <map>
#include <random>

#include "tokenizer/byte_level_alphabet.h"
#include "tokenizer/byte_pair_encoding.h"

namespace {

// encoder.py's bpe(): merge every occurrence of the lowest-ranked adjacent pair, left to right.
std::vector<std::string> plainRankLoop(const std::string& word,
                                       const std::map<std::pair<std::string, std::string>, size_t>& ranks) {
    std::vector<std::string> symbols;
    for (const char c : word) symbols.push_back(std::string(1, c));
    while (symbols.size() > 1) {
        const std::pair<std::string, std::string>* best = nullptr;
        size_t bestRank = SIZE_MAX;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            const auto found = ranks.find({symbols[i], symbols[i + 1]});
            if (found != ranks.end() && found->second < bestRank)
                best = &found->first, bestRank = found->second;
        }
        if (!best) break;
        std::vector<std::string> merged;
        for (size_t i = 0; i < symbols.size(); ++i) {
            if (i + 1 < symbols.size() && symbols[i] == best->first && symbols[i + 1] == best->second) {
                merged.push_back(symbols[i] + symbols[i + 1]);
                ++i;
            } else {
                merged.push_back(symbols[i]);
            }
        }
        symbols.swap(merged);
    }
    return symbols;
}

}  // namespace

class BpeMergeOrderTest : public QObject {
    Q_OBJECT
private slots:
    void heap_merge_equals_plain_rank_loop_on_shuffled_ranks() {
        std::mt19937 random(42);
        for (int trial = 0; trial < 20; ++trial) {
            std::unordered_map<std::string, int64_t> vocab;
            for (int byte = 0; byte < 256; ++byte) vocab[hullft::byteLevelAlphabet()[byte]] = byte;
            std::vector<std::string> symbols{"a", "b", "c", "d"};
            std::vector<hullft::MergeRule> merges;
            while (merges.size() < 60) {
                const std::string& left = symbols[random() % symbols.size()];
                const std::string& right = symbols[random() % symbols.size()];
                if (left.size() + right.size() > 8) continue;
                const std::string merged = left + right;
                merges.push_back({left, right, "merge " + std::to_string(merges.size())});
                if (vocab.emplace(merged, static_cast<int64_t>(vocab.size())).second)
                    symbols.push_back(merged);
            }
            std::shuffle(merges.begin(), merges.end(), random);
            std::map<std::pair<std::string, std::string>, size_t> ranks;
            for (size_t rank = 0; rank < merges.size(); ++rank)
                ranks[{merges[rank].left, merges[rank].right}] = rank;
            const hullft::BytePairEncoding model(vocab, merges, "vocab", "merges", hullft::BpeOptions{});
            for (int sample = 0; sample < 200; ++sample) {
                std::string word(1 + random() % 40, 'a');
                for (char& c : word) c = static_cast<char>('a' + random() % 4);
                std::vector<int64_t> expected, actual;
                for (const std::string& symbol : plainRankLoop(word, ranks))
                    expected.push_back(vocab.at(symbol));
                model.encodePiece(word, actual);
                QCOMPARE(actual, expected);
            }
        }
    }
};

QTEST_GUILESS_MAIN(BpeMergeOrderTest)
#include "bpe_merge_order_test.moc"
