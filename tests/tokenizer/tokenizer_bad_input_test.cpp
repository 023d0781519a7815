// Corrupt or foreign tokenizer files give an InputError naming the file and the problem.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "tokenizer/byte_level_alphabet.h"
#include "tokenizer/byte_level_tokenizer.h"
#include "tokenizer/tokenizer.h"

namespace {

void writeFile(const QTemporaryDir& dir, const char* name, const std::string& contents) {
    std::ofstream(dir.filePath(name).toStdString(), std::ios::binary) << contents;
}

// The 256 byte symbols plus "ab" and "abc", with merges "a b" and "ab c".
nlohmann::json miniVocab() {
    nlohmann::json vocab;
    for (int byte = 0; byte < 256; ++byte) vocab[hullft::byteLevelAlphabet()[byte]] = byte;
    vocab["ab"] = 256;
    vocab["abc"] = 257;
    return vocab;
}

nlohmann::json miniTokenizerJson() {
    return {{"normalizer", nullptr},
            {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
            {"decoder", {{"type", "ByteLevel"}}},
            {"added_tokens", nlohmann::json::array()},
            {"model", {{"type", "BPE"}, {"vocab", miniVocab()}, {"merges", {"a b", {"ab", "c"}}}}}};
}

// Loading `dir` fails with an InputError whose message names `file` and contains `problem`.
void expectInputError(const QTemporaryDir& dir, const char* file, const std::string& problem) {
    try {
        hullft::loadTokenizer(dir.path().toStdString());
        QFAIL("expected an InputError");
    } catch (const hullft::InputError& e) {
        const std::string message = e.what();
        QVERIFY2(message.find(dir.filePath(file).toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find(problem) != std::string::npos, message.c_str());
    }
}

}  // namespace

class TokenizerBadInputTest : public QObject {
    Q_OBJECT
private slots:
    void mini_files_load_and_merge() {
        QTemporaryDir dir;
        writeFile(dir, "vocab.json", miniVocab().dump());
        writeFile(dir, "merges.txt", "#version: 0.2\na b\nab c\n");
        QCOMPARE(hullft::loadTokenizer(dir.path().toStdString())->encode("abc abd"),
                 (std::vector<int64_t>{257, 32, 256, 100}));
        writeFile(dir, "tokenizer.json", miniTokenizerJson().dump());
        QCOMPARE(hullft::loadTokenizer(dir.path().toStdString())->kind(), std::string("tokenizer.json"));
    }

    void tokenizer_json_honours_prefix_space_and_added_token_strip() {
        QTemporaryDir dir;
        nlohmann::json tokenizer = miniTokenizerJson();
        tokenizer["pre_tokenizer"]["add_prefix_space"] = true;
        tokenizer["added_tokens"] = {{{"id", 300}, {"content", "<m>"}, {"lstrip", true}, {"rstrip", false}},
                                     {{"id", 301}, {"content", "<n>"}, {"lstrip", false}, {"rstrip", true}}};
        writeFile(dir, "tokenizer.json", tokenizer.dump());
        const auto loaded = hullft::loadTokenizer(dir.path().toStdString());
        // " abc" (Ġ + abc); the space before <m> and the one after <n> are swallowed.
        QCOMPARE(loaded->encode("abc"), (std::vector<int64_t>{32, 257}));
        QCOMPARE(loaded->encode("abc <m>"), (std::vector<int64_t>{32, 257, 300}));
        QCOMPARE(loaded->encode("<n> abc"), (std::vector<int64_t>{301, 32, 257}));
        QCOMPARE(loaded->decode({300, 32, 257}), std::string("<m> abc"));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, loaded->decode({299}));
    }

    void corrupt_vocab_json_names_the_file_data() {
        QTest::addColumn<std::string>("vocab");
        QTest::addColumn<std::string>("problem");
        QTest::newRow("truncated") << miniVocab().dump().substr(0, 100) << std::string("malformed JSON");
        QTest::newRow("not an object") << std::string("[1, 2]") << std::string("must be a JSON object");
        QTest::newRow("negative id") << std::string(R"({"a": -3})") << std::string("entry \"a\"");
        QTest::newRow("string id") << std::string(R"({"a": "x"})") << std::string("entry \"a\"");
        QTest::newRow("missing bytes")
            << std::string(R"({"a": 0, "b": 1})") << std::string("lacks the byte-level symbol");
        nlohmann::json duplicate = miniVocab();
        duplicate["abc"] = 5;
        QTest::newRow("duplicate id") << duplicate.dump() << std::string("used twice");
    }
    void corrupt_vocab_json_names_the_file() {
        QFETCH(std::string, vocab);
        QFETCH(std::string, problem);
        QTemporaryDir dir;
        writeFile(dir, "vocab.json", vocab);
        writeFile(dir, "merges.txt", "#version: 0.2\n");
        expectInputError(dir, "vocab.json", problem);
    }

    void corrupt_merges_txt_names_the_file_and_line_data() {
        QTest::addColumn<std::string>("merges");
        QTest::addColumn<std::string>("problem");
        QTest::newRow("three symbols") << std::string("#version: 0.2\na b\na b c\n") << std::string("line 3");
        QTest::newRow("one symbol") << std::string("a b\nabc\n") << std::string("line 2");
        QTest::newRow("blank line inside") << std::string("a b\n\nab c\n") << std::string("line 2");
        QTest::newRow("unknown symbol")
            << std::string("a b\nab q\n") << std::string("line 2: merge \"ab q\" uses \"abq\"");
        QTest::newRow("not utf-8") << std::string("a b\n\xFF\xFE c\n") << std::string("not valid UTF-8");
    }
    void corrupt_merges_txt_names_the_file_and_line() {
        QFETCH(std::string, merges);
        QFETCH(std::string, problem);
        QTemporaryDir dir;
        writeFile(dir, "vocab.json", miniVocab().dump());
        writeFile(dir, "merges.txt", merges);
        expectInputError(dir, "merges.txt", problem);
    }

    void foreign_or_corrupt_tokenizer_json_names_the_file_data() {
        QTest::addColumn<std::string>("tokenizer");
        QTest::addColumn<std::string>("problem");
        auto with = [](const std::string& pointer, const nlohmann::json& value) {
            nlohmann::json tokenizer = miniTokenizerJson();
            tokenizer[nlohmann::json::json_pointer(pointer)] = value;
            return tokenizer.dump();
        };
        QTest::newRow("truncated") << miniTokenizerJson().dump().substr(0, 200)
                                   << std::string("malformed JSON");
        QTest::newRow("wordpiece") << with("/model/type", "WordPiece")
                                   << std::string("model.type is \"WordPiece\"");
        QTest::newRow("unigram") << with("/model/type", "Unigram")
                                 << std::string("byte-level BPE tokenizers only");
        QTest::newRow("metaspace") << with("/pre_tokenizer", {{"type", "Metaspace"}})
                                   << std::string("\"Metaspace\"");
        QTest::newRow("no pre_tokenizer")
            << with("/pre_tokenizer", nullptr) << std::string("pre_tokenizer is missing");
        QTest::newRow("byte fallback") << with("/model/byte_fallback", true) << std::string("byte_fallback");
        QTest::newRow("bad merge entry") << with("/model/merges/1", 7) << std::string("model.merges[1]");
        QTest::newRow("merge of unknown")
            << with("/model/merges/1", "ab z") << std::string("model.merges[1]: merge");
        QTest::newRow("bad regex") << with("/pre_tokenizer",
                                           {{"type", "Sequence"},
                                            {"pretokenizers",
                                             {{{"type", "Split"},
                                               {"pattern", {{"Regex", "(unclosed"}}},
                                               {"behavior", "Isolated"},
                                               {"invert", false}},
                                              {{"type", "ByteLevel"}, {"use_regex", false}}}}})
                                   << std::string("does not compile");
        QTest::newRow("nfkc") << with("/normalizer", {{"type", "NFKC"}}) << std::string("normalizer");
        QTest::newRow("vocab wrong type") << with("/model/vocab", "x") << std::string("model.vocab");
        QTest::newRow("added token no id")
            << with("/added_tokens", {{{"content", "<x>"}}}) << std::string("added_tokens[0]");
    }
    void foreign_or_corrupt_tokenizer_json_names_the_file() {
        QFETCH(std::string, tokenizer);
        QFETCH(std::string, problem);
        QTemporaryDir dir;
        writeFile(dir, "tokenizer.json", tokenizer);
        expectInputError(dir, "tokenizer.json", problem);
    }

    void folder_without_tokenizer_is_an_input_error() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::loadTokenizer(dir.path().toStdString()));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError,
                                 hullft::loadTokenizer(dir.filePath("missing").toStdString()));
    }

    void byte_level_folder_is_marked_by_tokenizer_config() {
        QTemporaryDir dir;
        writeFile(dir, "tokenizer_config.json", hullft::byteLevelTokenizerConfigJson());
        QCOMPARE(hullft::loadTokenizer(dir.path().toStdString())->kind(), std::string("byte"));
        writeFile(dir, "tokenizer_config.json",
                  R"({"tokenizer_class": "ByteLevelTokenizer", "eos_token_id": 0})");
        expectInputError(dir, "tokenizer_config.json", "eos_token_id");
    }
};

QTEST_GUILESS_MAIN(TokenizerBadInputTest)
#include "tokenizer_bad_input_test.moc"
