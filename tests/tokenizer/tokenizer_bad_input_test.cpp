// Corrupt or foreign tokenizer files give an InputError naming the file and the problem.
#include <QtTest>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_io.h"
#include "tokenizer/byte_level_alphabet.h"
#include "tokenizer/byte_level_tokenizer.h"
#include "tokenizer/tokenizer.h"

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<int64_t>)

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

// A SentencePiece-style file: <unk> <s> </s>, the 256 "<0xAB>" bytes, then ▁ a b ▁a ab ▁ab with
// merges "▁ a", "a b", "▁a b"; Metaspace pre-tokenizer and decoder; <s> special.
nlohmann::json miniSentencePieceJson(const std::string& prependScheme, bool split) {
    nlohmann::json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
    for (int byte = 0; byte < 256; ++byte) {
        char name[7];
        std::snprintf(name, sizeof name, "<0x%02X>", byte);
        vocab[name] = 3 + byte;
    }
    const std::string mark = "\xE2\x96\x81";
    vocab[mark] = 259, vocab["a"] = 260, vocab["b"] = 261, vocab[mark + "a"] = 262, vocab["ab"] = 263,
    vocab[mark + "ab"] = 264;
    const nlohmann::json metaspace = {
        {"type", "Metaspace"}, {"replacement", mark}, {"prepend_scheme", prependScheme}, {"split", split}};
    return {{"normalizer", nullptr},
            {"pre_tokenizer", metaspace},
            {"post_processor", nullptr},
            {"decoder", metaspace},
            {"added_tokens",
             {{{"id", 1},
               {"content", "<s>"},
               {"lstrip", false},
               {"rstrip", false},
               {"normalized", false},
               {"special", true}}}},
            {"model",
             {{"type", "BPE"},
              {"dropout", nullptr},
              {"unk_token", "<unk>"},
              {"fuse_unk", true},
              {"byte_fallback", true},
              {"vocab", vocab},
              {"merges", {mark + " a", "a b", mark + "a b"}}}}};
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

    // Expected ids and decodings are what Hugging Face tokenizers 0.22.2 gives for the same file.
    void sentencepiece_tokenizer_json_follows_tokenizers_data() {
        QTest::addColumn<std::string>("tokenizer");
        QTest::addColumn<std::string>("text");
        QTest::addColumn<std::vector<int64_t>>("ids");
        QTest::addColumn<std::string>("decoded");
        const std::string first = miniSentencePieceJson("first", true).dump();
        QTest::newRow("first: words")
            << first << std::string("ab a") << std::vector<int64_t>{264, 262} << std::string("ab a");
        QTest::newRow("first: leading space kept once")
            << first << std::string(" ab") << std::vector<int64_t>{264} << std::string("ab");
        QTest::newRow("first: run of spaces joins the next word")
            << first << std::string("ab  ab") << std::vector<int64_t>{264, 259, 264} << std::string("ab  ab");
        QTest::newRow("first: nothing prepended after a special token")
            << first << std::string("<s>ab") << std::vector<int64_t>{1, 263} << std::string("<s>ab");
        QTest::newRow("first: prepended at the start only")
            << first << std::string("a<s> ab") << std::vector<int64_t>{262, 1, 264} << std::string("a<s> ab");
        QTest::newRow("first: byte fallback, Metaspace decoder keeps byte tokens")
            << first << std::string("\xC3\xA9") << std::vector<int64_t>{259, 198, 172}
            << std::string("<0xC3><0xA9>");
        QTest::newRow("always: prepended after a special token")
            << miniSentencePieceJson("always", true).dump() << std::string("<s>ab")
            << std::vector<int64_t>{1, 264} << std::string("<s> ab");
        QTest::newRow("always, no split: one piece")
            << miniSentencePieceJson("always", false).dump() << std::string("ab  ab")
            << std::vector<int64_t>{264, 259, 264} << std::string("ab  ab");
        const std::string never = miniSentencePieceJson("never", true).dump();
        QTest::newRow("never: nothing prepended")
            << never << std::string("ab a") << std::vector<int64_t>{263, 262} << std::string("ab a");
        QTest::newRow("never: leading space decoded")
            << never << std::string(" ab") << std::vector<int64_t>{264} << std::string(" ab");
        nlohmann::json legacy = miniSentencePieceJson("always", true);
        legacy["pre_tokenizer"].erase("prepend_scheme");
        legacy["pre_tokenizer"]["add_prefix_space"] = true;
        QTest::newRow("add_prefix_space true: always")
            << legacy.dump() << std::string("<s>ab") << std::vector<int64_t>{1, 264} << std::string("<s> ab");
        nlohmann::json unknown = miniSentencePieceJson("always", true);
        unknown["pre_tokenizer"] = nullptr;
        unknown["model"]["byte_fallback"] = false;
        QTest::newRow("unknown characters fused") << unknown.dump() << std::string("\xC3\xA9\xC3\xA9 b")
                                                  << std::vector<int64_t>{0, 261} << std::string("<unk>b");
        unknown["model"]["fuse_unk"] = false;
        QTest::newRow("unknown characters one by one")
            << unknown.dump() << std::string("\xC3\xA9\xC3\xA9 b") << std::vector<int64_t>{0, 0, 0, 261}
            << std::string("<unk><unk><unk>b");
    }
    void sentencepiece_tokenizer_json_follows_tokenizers() {
        QFETCH(std::string, tokenizer);
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QFETCH(std::string, decoded);
        QTemporaryDir dir;
        writeFile(dir, "tokenizer.json", tokenizer);
        const auto loaded = hullft::loadTokenizer(dir.path().toStdString());
        QCOMPARE(loaded->encode(text), ids);
        QCOMPARE(loaded->decode(ids), decoded);
        QCOMPARE(loaded->encodeWithSpecialTokens(text), ids);  // no post_processor, no config flags
    }

    // transformers 5's LlamaTokenizer keeps the vocabulary and merges but builds its own model
    // flags, pre-tokenizer and decoder (core/tokenizer/transformers_llama_tokenizer.h); other
    // classes run the file as written. The mini file is set up as Mistral's: Prepend + Replace
    // normalizer, no pre-tokenizer, Replace/ByteFallback/Fuse/Strip decoder, no byte fallback.
    void llama_tokenizer_class_rebuilds_the_pipeline_data() {
        QTest::addColumn<std::string>("config");
        QTest::addColumn<std::string>("text");
        QTest::addColumn<std::vector<int64_t>>("ids");
        QTest::addColumn<std::string>("decoded");
        const std::string asWritten = R"({"tokenizer_class": "PreTrainedTokenizerFast"})";
        const std::string legacy = R"({"tokenizer_class": "LlamaTokenizer", "legacy": true})";
        const std::string first = R"({"tokenizer_class": "LlamaTokenizerFast"})";
        const std::string noPrefix = R"({"tokenizer_class": "LlamaTokenizer", "add_prefix_space": false})";
        QTest::newRow("as written: normalizer prepends to a leading space")
            << asWritten << std::string(" ab") << std::vector<int64_t>{259, 264} << std::string(" ab");
        QTest::newRow("as written: prepended after a special token")
            << asWritten << std::string("<s> ab") << std::vector<int64_t>{1, 259, 264}
            << std::string("<s>  ab");
        QTest::newRow("as written: unknown character")
            << asWritten << std::string("\xC3\xA9") << std::vector<int64_t>{259, 0} << std::string("<unk>");
        QTest::newRow("legacy: leading space is the prefix")
            << legacy << std::string(" ab") << std::vector<int64_t>{264} << std::string("ab");
        QTest::newRow("legacy: prepended after a special token unless a space follows it")
            << legacy << std::string("<s>ab<s> ab") << std::vector<int64_t>{1, 264, 1, 264}
            << std::string("<s> ab<s> ab");
        QTest::newRow("legacy: byte fallback forced on")
            << legacy << std::string("\xC3\xA9") << std::vector<int64_t>{259, 198, 172}
            << std::string("\xC3\xA9");
        QTest::newRow("not legacy: prepended at the start only")
            << first << std::string("ab<s>ab") << std::vector<int64_t>{264, 1, 263} << std::string("ab<s>ab");
        QTest::newRow("not legacy: one piece, runs of spaces kept")
            << first << std::string("ab  ab") << std::vector<int64_t>{264, 259, 264} << std::string("ab  ab");
        QTest::newRow("no prefix space: nothing prepended, nothing stripped")
            << noPrefix << std::string("ab a") << std::vector<int64_t>{263, 262} << std::string("ab a");
        QTest::newRow("no prefix space: leading space decoded")
            << noPrefix << std::string(" ab") << std::vector<int64_t>{264} << std::string(" ab");
    }
    void llama_tokenizer_class_rebuilds_the_pipeline() {
        QFETCH(std::string, config);
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QFETCH(std::string, decoded);
        const std::string mark = "\xE2\x96\x81";
        nlohmann::json tokenizer = miniSentencePieceJson("always", true);
        tokenizer["normalizer"] = {
            {"type", "Sequence"},
            {"normalizers",
             {{{"type", "Prepend"}, {"prepend", mark}},
              {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", mark}}}}};
        tokenizer["pre_tokenizer"] = nullptr;
        tokenizer["decoder"] = {{"type", "Sequence"},
                                {"decoders",
                                 {{{"type", "Replace"}, {"pattern", {{"String", mark}}}, {"content", " "}},
                                  {{"type", "ByteFallback"}},
                                  {{"type", "Fuse"}},
                                  {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}};
        tokenizer["model"]["byte_fallback"] = false;
        QTemporaryDir dir;
        writeFile(dir, "tokenizer.json", tokenizer.dump());
        writeFile(dir, "tokenizer_config.json", config);
        const auto loaded = hullft::loadTokenizer(dir.path().toStdString());
        QCOMPARE(loaded->encode(text), ids);
        QCOMPARE(loaded->decode(ids), decoded);
    }

    void config_flags_override_the_post_processor() {
        QTemporaryDir dir;
        nlohmann::json tokenizer = miniSentencePieceJson("first", true);
        tokenizer["post_processor"] = {
            {"type", "RobertaProcessing"}, {"cls", {"<s>", 1}}, {"sep", {"</s>", 2}}};
        writeFile(dir, "tokenizer.json", tokenizer.dump());
        QCOMPARE(hullft::loadTokenizer(dir.path().toStdString())->encodeWithSpecialTokens("ab"),
                 (std::vector<int64_t>{1, 264, 2}));
        writeFile(
            dir, "tokenizer_config.json",
            R"({"bos_token": "<s>", "eos_token": "</s>", "add_bos_token": false, "add_eos_token": true})");
        const auto flagged = hullft::loadTokenizer(dir.path().toStdString());
        QCOMPARE(flagged->encodeWithSpecialTokens("ab"), (std::vector<int64_t>{264, 2}));
        QVERIFY(!flagged->prependsBeginningOfText());
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
        nlohmann::json huge = miniVocab();
        huge["abc"] = 2147483647;  // would size the id tables at 2^31 entries
        QTest::newRow("absurd id") << huge.dump() << std::string("\"abc\" has id 2147483647, outside 0..2097151");
    }
    void corrupt_vocab_json_names_the_file() {
        QFETCH(std::string, vocab);
        QFETCH(std::string, problem);
        QTemporaryDir dir;
        writeFile(dir, "vocab.json", vocab);
        writeFile(dir, "merges.txt", "#version: 0.2\n");
        expectInputError(dir, "vocab.json", problem);
    }

    void word_piece_id_of_absurd_size_is_refused() {
        nlohmann::json tokenizer = hullft::readJsonFile(HULLFT_SOURCE_DIR "/tests/data/model/encoders/bert/tokenizer.json");
        tokenizer["model"]["vocab"]["[UNK]"] = 2147483647;
        QTemporaryDir dir;
        writeFile(dir, "tokenizer.json", tokenizer.dump());
        expectInputError(dir, "tokenizer.json", "model.vocab[\"[UNK]\"] has id 2147483647, above the limit of 2097151");
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
        // WordPiece is read as BERT's pipeline, which a byte-level pre-tokenizer is not.
        QTest::newRow("wordpiece") << with("/model/type", "WordPiece")
                                   << std::string("pre_tokenizer of type \"ByteLevel\" is not supported for WordPiece");
        QTest::newRow("unigram") << with("/model/type", "Unigram")
                                 << std::string("model.type is \"Unigram\"");
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
        QTest::newRow("added token of absurd id")
            << with("/added_tokens", {{{"content", "<x>"}, {"id", 2147483647}}})
            << std::string("added_tokens[0] has id 2147483647, above the limit of 2097151 token ids");
        QTest::newRow("vocab id absurd") << with("/model/vocab/a", 2147483647)
                                         << std::string("has id 2147483647, outside 0..2097151");
        QTest::newRow("unknown normalizer") << with("/normalizer", {{"type", "Lowercase"}})
                                            << std::string("normalizer {\"type\":\"Lowercase\"}");
        QTest::newRow("replace by regex")
            << with("/normalizer", {{"type", "Replace"}, {"pattern", {{"Regex", " +"}}}, {"content", " "}})
            << std::string("normalizer must replace {\"String\"");
        QTest::newRow("template without sequence A")
            << with("/post_processor",
                    {{"type", "TemplateProcessing"},
                     {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}}},
                     {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}})
            << std::string("post_processor.single must hold sequence A exactly once");
        QTest::newRow("template with undefined special token")
            << with("/post_processor", {{"type", "TemplateProcessing"},
                                        {"single",
                                         {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
                                          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
                                        {"special_tokens", nlohmann::json::object()}})
            << std::string("post_processor.single[0] names \"<s>\"");
        QTest::newRow("template with sequence B")
            << with("/post_processor", {{"type", "TemplateProcessing"},
                                        {"single", {{{"Sequence", {{"id", "B"}, {"type_id", 0}}}}}}})
            << std::string("post_processor.single[0] must be");
        QTest::newRow("unknown post_processor") << with("/post_processor", {{"type", "Wordy"}})
                                                << std::string("post_processor of type \"Wordy\"");
        auto withSentencePiece = [](const std::string& pointer, const nlohmann::json& value) {
            nlohmann::json tokenizer = miniSentencePieceJson("first", true);
            tokenizer[nlohmann::json::json_pointer(pointer)] = value;
            return tokenizer.dump();
        };
        QTest::newRow("sentencepiece: unknown pre_tokenizer")
            << withSentencePiece("/pre_tokenizer", {{"type", "Whitespace"}})
            << std::string("pre_tokenizer of type \"Whitespace\"");
        QTest::newRow("sentencepiece: dropout")
            << withSentencePiece("/model/dropout", 0.1) << std::string("dropout");
        QTest::newRow("sentencepiece: wordpiece")
            << withSentencePiece("/model/type", "WordPiece")
            << std::string("pre_tokenizer of type \"Metaspace\" is not supported for WordPiece");
        QTest::newRow("sentencepiece: unknown decoder")
            << withSentencePiece("/decoder", {{"type", "CTC"}}) << std::string("decoder of type \"CTC\"");
        QTest::newRow("sentencepiece: prepend scheme contradicted")
            << withSentencePiece("/pre_tokenizer/add_prefix_space", false) << std::string("contradicts");
        QTest::newRow("sentencepiece: unknown token not in vocab")
            << withSentencePiece("/model/unk_token", "<missing>") << std::string("\"<missing>\"");
        // Seeds of tokenizer_json_fuzzer (regression-*.tokenizer.json): a text that grows
        // without bound under the file's Replace steps, or under every space's replacement.
        const nlohmann::json eToTenEs = {
            {"type", "Replace"}, {"pattern", {{"String", "e"}}}, {"content", std::string(10, 'e')}};
        QTest::newRow("normalizer replaces that compound")
            << with("/normalizer", {{"type", "Sequence"}, {"normalizers", {eToTenEs, eToTenEs, eToTenEs}}})
            << std::string("normalizer's Replace steps can make a text more than 64 times longer");
        QTest::newRow("sentencepiece: decoder replaces that compound")
            << withSentencePiece("/decoder", {{"type", "Sequence"}, {"decoders", {eToTenEs, eToTenEs}}})
            << std::string("decoder's Replace steps can make a text more than 64 times longer");
        QTest::newRow("sentencepiece: replacement of two characters")
            << withSentencePiece("/pre_tokenizer/replacement", "\xE2\x96\x81\xE2\x96\x81")
            << std::string("pre_tokenizer.replacement must be a one-character string");
    }
    void foreign_or_corrupt_tokenizer_json_names_the_file() {
        QFETCH(std::string, tokenizer);
        QFETCH(std::string, problem);
        QTemporaryDir dir;
        writeFile(dir, "tokenizer.json", tokenizer);
        expectInputError(dir, "tokenizer.json", problem);
    }

    // A Split regex that backtracks without bound loads, then makes PCRE2 give up on a text: the
    // file is at fault, not the text (once an Error, exit 1). Seed of tokenizer_json_fuzzer:
    // tests/data/tokenizer/fuzz_corpus/tokenizer_json/regression-backtracking-split.tokenizer.json.
    void split_regex_that_backtracks_without_bound_names_the_file() {
        QTemporaryDir dir;
        nlohmann::json tokenizer = miniTokenizerJson();
        tokenizer["pre_tokenizer"] = {{"type", "Sequence"},
                                      {"pretokenizers",
                                       {{{"type", "Split"},
                                         {"pattern", {{"Regex", "(.*)*\\d{5}"}}},
                                         {"behavior", "Isolated"},
                                         {"invert", false}},
                                        {{"type", "ByteLevel"}, {"use_regex", false}}}}};
        writeFile(dir, "tokenizer.json", tokenizer.dump());
        const auto loaded = hullft::loadTokenizer(dir.path().toStdString());
        try {
            loaded->encode("Hello, world! It's 2024: a text long enough for the pattern to backtrack over.");
            QFAIL("expected an InputError");
        } catch (const hullft::InputError& e) {
            const std::string message = e.what();
            const std::string source =
                dir.filePath("tokenizer.json").toStdString() + ": pre_tokenizer.pretokenizers[0]";
            QVERIFY2(message.find(source) != std::string::npos, message.c_str());
            QVERIFY2(message.find("cannot split a text of 78 bytes") != std::string::npos, message.c_str());
        }
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
