// decode(encode(x)) == x for random valid UTF-8, byte-level ids, UTF-8 validation and repair.
#include <QtTest>
#include <random>

#include "common/errors.h"
#include "common/utf8.h"
#include "tokenizer/byte_level_tokenizer.h"
#include "tokenizer/gpt2_bpe_tokenizer.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/unicode_normalization.h"

namespace {

const std::string kData = HULLFT_TEST_DATA_DIR "/tokenizer";

// Code points from every plane (private use and unassigned ones included), whitespace of
// several kinds, apostrophes and combining marks, so every regex branch and merge path runs.
std::string randomText(std::mt19937& random) {
    static const char32_t kSpecial[] = {' ',       ' ',       '\t',      '\n',          '\r',      '\'',
                                        's',       'l',       U'\u00A0', U'\u0085',     U'\u2028', U'\u3000',
                                        U'\uFEFF', U'\u0301', U'\u200D', U'\U0001F600', '0',       '.'};
    std::uniform_int_distribution<int> length(0, 60), kind(0, 5);
    std::string text;
    for (int i = length(random); i > 0; --i) {
        char32_t codePoint = 0;
        switch (kind(random)) {
            case 0:
                codePoint = std::uniform_int_distribution<char32_t>(0, 0x7F)(random);
                break;
            case 1:
                codePoint = std::uniform_int_distribution<char32_t>(0x80, 0x7FF)(random);
                break;
            case 2:
                codePoint = std::uniform_int_distribution<char32_t>(0x800, 0xFFFF)(random);
                break;
            case 3:
                codePoint = std::uniform_int_distribution<char32_t>(0x10000, 0x10FFFF)(random);
                break;
            default:
                codePoint =
                    kSpecial[std::uniform_int_distribution<size_t>(0, std::size(kSpecial) - 1)(random)];
        }
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) codePoint = 'x';  // surrogates are not scalar values
        hullft::appendUtf8(text, codePoint);
    }
    return text;
}

std::string unchanged(const std::string& text) { return text; }

// transformers' LlamaTokenizer encodes " x" as "x" does ("▁x") and decodes it as "x".
std::string withoutOneLeadingSpace(const std::string& text) {
    return text.rfind(' ', 0) == 0 ? text.substr(1) : text;
}

// decode(encode(text)) == decoding(text) for random texts.
void checkRoundTrip(const hullft::Tokenizer& tokenizer, std::string (*decoding)(const std::string&)) {
    std::mt19937 random(20240601);
    for (int sample = 0; sample < 400; ++sample) {
        const std::string text = randomText(random);
        QVERIFY(!hullft::firstInvalidUtf8Offset(text));
        const std::string expected = decoding(text);
        const std::vector<int64_t> ids = tokenizer.encode(text);
        for (const int64_t id : ids) QVERIFY(id >= 0 && id < tokenizer.vocabSize());
        QCOMPARE(tokenizer.decode(ids), expected);
    }
}

}  // namespace

class TokenizerRoundTripTest : public QObject {
    Q_OBJECT
    std::unique_ptr<hullft::Tokenizer> gpt2_;

private slots:
    void initTestCase() {
        gpt2_ = hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt");
    }

    void byte_level_round_trips_random_utf8() { checkRoundTrip(hullft::ByteLevelTokenizer(), unchanged); }
    void gpt2_bpe_round_trips_random_utf8() { checkRoundTrip(*gpt2_, unchanged); }
    void tokenizer_json_round_trips_random_utf8_up_to_nfc() {
        checkRoundTrip(*hullft::loadHfTokenizerJson(kData + "/qwen3_trimmed/tokenizer.json"),
                       [](const std::string& text) { return hullft::normalizeNfc(text); });
    }
    // Without tokenizer_config.json the file runs as written.
    void sentencepiece_tokenizer_json_round_trips_random_utf8() {
        checkRoundTrip(*hullft::loadHfTokenizerJson(kData + "/mistral7b/tokenizer.json"), unchanged);
    }
    void llama_tokenizer_class_round_trips_random_utf8_but_a_leading_space() {
        checkRoundTrip(*hullft::loadTokenizer(kData + "/mistral7b"), withoutOneLeadingSpace);
    }

    void byte_level_ids_are_the_bytes_and_end_of_text_is_256() {
        const hullft::ByteLevelTokenizer tokenizer;
        QCOMPARE(tokenizer.encode("A\xC3\xA9"), (std::vector<int64_t>{65, 0xC3, 0xA9}));
        QCOMPARE(tokenizer.vocabSize(), int64_t{257});
        QCOMPARE(tokenizer.endOfTextId(), std::optional<int64_t>(256));
        QCOMPARE(tokenizer.decode({72, 105, 256}), std::string("Hi"));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, tokenizer.decode({257}));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, tokenizer.decode({-1}));
    }

    void empty_text_gives_no_ids() {
        QVERIFY(hullft::ByteLevelTokenizer().encode("").empty());
        QVERIFY(gpt2_->encode("").empty());
    }

    void long_runs_tokenize_and_round_trip() {
        for (const std::string& text : {std::string(200000, ' '), std::string(100000, '=') + "x",
                                        "a" + std::string(50000, '\n') + "b", std::string(30000, 'z')})
            QCOMPARE(gpt2_->decode(gpt2_->encode(text)), text);
    }

    void invalid_utf8_is_an_input_error_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("offset");
        QTest::newRow("lone continuation") << QByteArray("ab\x80") << 2;
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << 0;
        QTest::newRow("overlong three bytes") << QByteArray("x\xE0\x80\xAF") << 1;
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << 0;
        QTest::newRow("past U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
        QTest::newRow("truncated at end") << QByteArray("ok \xE2\x82") << 3;
        QTest::newRow("latin-1") << QByteArray("caf\xE9") << 3;
    }
    void invalid_utf8_is_an_input_error() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, offset);
        const std::string text = bytes.toStdString();
        QCOMPARE(hullft::firstInvalidUtf8Offset(text), std::optional<size_t>(offset));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, gpt2_->encode(text));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::ByteLevelTokenizer().encode(text));
        const std::string repaired = hullft::repairUtf8(text);
        QVERIFY(!hullft::firstInvalidUtf8Offset(repaired));
        QVERIFY(repaired.find("\xEF\xBF\xBD") != std::string::npos);
    }

    void repair_replaces_each_maximal_ill_formed_part_once() {
        // Unicode's "substitution of maximal subparts", as Python's errors="replace".
        QCOMPARE(hullft::repairUtf8("a\xE2\x82"
                                    "b"),
                 std::string("a\xEF\xBF\xBD"
                             "b"));
        QCOMPARE(hullft::repairUtf8("\xC0\xAF"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));
        QCOMPARE(hullft::repairUtf8("ok \xF0\x9F\x98\x80"), std::string("ok \xF0\x9F\x98\x80"));
    }
};

QTEST_GUILESS_MAIN(TokenizerRoundTripTest)
#include "tokenizer_roundtrip_test.moc"
