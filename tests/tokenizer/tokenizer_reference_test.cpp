// Our tokenizers against ids computed by the reference encoders (tests/data/tokenizer/README.md).
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_io.h"
#include "tokenizer/gpt2_bpe_tokenizer.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/tokenizer.h"

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<int64_t>)

namespace {

const std::string kData = HULLFT_TEST_DATA_DIR "/tokenizer";

void addReferenceRows(const std::string& referenceFile) {
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::vector<int64_t>>("ids");
    const nlohmann::json reference = hullft::readJsonFile(kData + "/" + referenceFile);
    for (const auto& entry : reference.at("cases"))
        QTest::newRow(entry.at("name").get<std::string>().c_str())
            << entry.at("text").get<std::string>() << entry.at("ids").get<std::vector<int64_t>>();
}

// GPT-2's vocab.json + merges.txt rewritten as Hugging Face's GPT-2 tokenizer.json (string merges).
std::string writeGpt2TokenizerJson(const QTemporaryDir& dir) {
    nlohmann::json merges = nlohmann::json::array();
    std::ifstream lines(kData + "/gpt2/merges.txt");
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line.rfind("#version", 0) != 0) merges.push_back(line);
    const nlohmann::json tokenizer = {
        {"version", "1.0"},
        {"added_tokens",
         {{{"id", 50256},
           {"content", "<|endoftext|>"},
           {"single_word", false},
           {"lstrip", false},
           {"rstrip", false},
           {"normalized", true},
           {"special", true}}}},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
        {"post_processor",
         {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}}},
        {"decoder",
         {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", ""},
          {"end_of_word_suffix", ""},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"vocab", hullft::readJsonFile(kData + "/gpt2/vocab.json")},
          {"merges", merges}}}};
    const std::string path = dir.filePath("tokenizer.json").toStdString();
    std::ofstream(path) << tokenizer.dump();
    return path;
}

}  // namespace

class TokenizerReferenceTest : public QObject {
    Q_OBJECT
    std::unique_ptr<hullft::Tokenizer> gpt2_, gpt2Json_, qwen3_;
    QTemporaryDir scratch_;

private slots:
    void initTestCase() {
        gpt2_ = hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt");
        gpt2Json_ = hullft::loadHfTokenizerJson(writeGpt2TokenizerJson(scratch_));
        qwen3_ = hullft::loadHfTokenizerJson(kData + "/qwen3_trimmed/tokenizer.json");
    }

    void gpt2_bpe_matches_reference_ids_data() { addReferenceRows("gpt2_reference.json"); }
    void gpt2_bpe_matches_reference_ids() {
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QCOMPARE(gpt2_->encode(text), ids);
        QCOMPARE(gpt2_->decode(ids), text);
    }

    void tokenizer_json_in_gpt2_layout_matches_gpt2_reference_ids_data() {
        addReferenceRows("gpt2_reference.json");
    }
    void tokenizer_json_in_gpt2_layout_matches_gpt2_reference_ids() {
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QCOMPARE(gpt2Json_->encode(text), ids);
        QCOMPARE(gpt2Json_->decode(ids), text);
    }

    void tokenizer_json_matches_qwen3_reference_ids_data() { addReferenceRows("qwen3_reference.json"); }
    void tokenizer_json_matches_qwen3_reference_ids() {
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QCOMPARE(qwen3_->encode(text), ids);
    }

    void gpt2_end_of_text_literal_is_one_token() {
        QCOMPARE(gpt2_->endOfTextId(), std::optional<int64_t>(50256));
        QCOMPARE(gpt2_->encode("a<|endoftext|>b"), (std::vector<int64_t>{64, 50256, 65}));
        QCOMPARE(gpt2_->decode({64, 50256, 65}), std::string("a<|endoftext|>b"));
        QCOMPARE(gpt2_->vocabSize(), int64_t{50257});
        QCOMPARE(gpt2_->kind(), std::string("gpt2-bpe"));
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, gpt2_->decode({50257}));
    }

    void qwen3_reports_vocabulary_and_end_of_text() {
        QCOMPARE(qwen3_->endOfTextId(), std::optional<int64_t>(151643));
        QCOMPARE(qwen3_->kind(), std::string("tokenizer.json"));
        QVERIFY(qwen3_->vocabSize() > 151643);
    }
};

QTEST_GUILESS_MAIN(TokenizerReferenceTest)
#include "tokenizer_reference_test.moc"
