#include <QtTest>

#include "common/utf8.h"
#include "datastore/chunker.h"
#include "tokenizer/byte_level_tokenizer.h"

namespace {
// Two bytes count as one token: exercises token counts that differ from byte counts.
class PairTokenizer : public hullft::ByteLevelTokenizer {
public:
    std::vector<int64_t> encode(const std::string& utf8) const override {
        return std::vector<int64_t>((utf8.size() + 1) / 2, 1);
    }
    std::string kind() const override { return "pairs"; }
};

std::string joined(const std::vector<hullft::Chunk>& chunks) {
    std::string text;
    for (const auto& chunk : chunks) text += chunk.text;
    return text;
}
}  // namespace

class ChunkerTest : public QObject {
    Q_OBJECT
private slots:
    void short_document_is_one_chunk() {
        const auto chunks = hullft::chunkDocument("one line\nanother\n", hullft::ByteLevelTokenizer(), 100);
        QCOMPARE(chunks.size(), size_t(1));
        QCOMPARE(chunks[0].tokens, int64_t(17));
        QCOMPARE(chunks[0].byte_offset, size_t(0));
    }

    void chunks_end_at_line_ends_and_respect_the_limit() {
        std::string text;
        for (int i = 0; i < 50; ++i) text += "line number " + std::to_string(i) + " of the document\n";
        const hullft::ByteLevelTokenizer tokenizer;
        const auto chunks = hullft::chunkDocument(text, tokenizer, 100);
        QVERIFY(chunks.size() > 10);
        QCOMPARE(joined(chunks), text);
        for (const auto& chunk : chunks) {
            QVERIFY(chunk.tokens <= 100);
            QCOMPARE(chunk.tokens, int64_t(tokenizer.encode(chunk.text).size()));
            QCOMPARE(chunk.text.back(), '\n');
            QCOMPARE(text.substr(chunk.byte_offset, chunk.text.size()), chunk.text);
        }
    }

    void paragraph_break_in_second_half_is_preferred() {
        const std::string first = std::string(30, 'a') + "\n" + std::string(30, 'b') + "\n\n";
        const std::string second = std::string(30, 'c') + "\n" + std::string(30, 'd') + "\n";
        const auto chunks = hullft::chunkDocument(first + second, hullft::ByteLevelTokenizer(), 100);
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].text, first);
        QCOMPARE(chunks[1].text, second);
    }

    void paragraph_break_too_early_is_ignored() {
        const std::string text = "a\n\n" + std::string(60, 'b') + "\n" + std::string(60, 'c') + "\n";
        const auto chunks = hullft::chunkDocument(text, hullft::ByteLevelTokenizer(), 100);
        QCOMPARE(chunks[0].text, "a\n\n" + std::string(60, 'b') + "\n");
    }

    void giant_line_is_hard_split_at_character_boundaries() {
        std::string text;
        for (int i = 0; i < 3000; ++i) text += "\xC3\xA9";  // é, two bytes each, no line break
        const auto chunks = hullft::chunkDocument(text, hullft::ByteLevelTokenizer(), 101);
        QCOMPARE(joined(chunks), text);
        QVERIFY(chunks.size() >= 60);
        for (const auto& chunk : chunks) {
            QVERIFY(chunk.tokens <= 101);
            QVERIFY(hullft::isValidUtf8(chunk.text));
        }
        QCOMPARE(chunks[0].tokens, int64_t(100));
    }

    void limit_counts_tokens_not_bytes() {
        const std::string text = std::string(150, 'x') + "\n" + std::string(150, 'y') + "\n";
        const auto chunks = hullft::chunkDocument(text, PairTokenizer(), 80);
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].tokens, int64_t(76));
    }

    void whitespace_only_chunks_are_dropped() {
        const std::string text = std::string(20, 'a') + "\n" + std::string(40, '\n');
        const auto chunks = hullft::chunkDocument(text, hullft::ByteLevelTokenizer(), 20);
        QCOMPARE(chunks.size(), size_t(1));  // 20 'a', then only newlines: dropped
        QCOMPARE(chunks[0].text, std::string(20, 'a'));
        QVERIFY(hullft::chunkDocument("\n\n  \n", hullft::ByteLevelTokenizer(), 20).empty());
    }
};

QTEST_GUILESS_MAIN(ChunkerTest)
#include "chunker_test.moc"
