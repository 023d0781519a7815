// Our tokenizers against ids computed by the reference encoders (tests/data/tokenizer/README.md).
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_io.h"
#include "tokenizer/gpt2_bpe_tokenizer.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/tokenizer.h"

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<int64_t>)
Q_DECLARE_METATYPE(std::optional<int64_t>)

namespace {

const std::string kData = HULLFT_TEST_DATA_DIR "/tokenizer";

// The tokenizer.json fixtures, each a folder with its reference file: ids from Hugging Face's
// tokenizers running the file as written (tests/fixtures/make_tokenizer_fixtures.js).
const char* const kTokenizerJsonFixtures[][2] = {{"qwen3_trimmed", "qwen3_reference.json"},
                                                 {"mistral7b", "mistral7b_reference.json"},
                                                 {"llama3_trimmed", "llama3_reference.json"}};

// transformers 5.17's own tokenizer(text) on the same folders, where it differs from the reference
// files (tests/fixtures/check_tokenizers_with_transformers.py).
const char* const kTransformersCheck = "transformers_5.17_check.json";

// The class whose pipeline transformers rebuilds (core/tokenizer/transformers_llama_tokenizer.h):
// for it, transformers' ids are the expectation. The other classes' disagreements come from our
// trimming (added tokens renumbered) and the reference ids stand.
const char* const kRebuiltClass = "LlamaTokenizer";

// What transformers' ids of those mistral7b cases decode to (Replace, ByteFallback, Fuse, Strip):
// one leading space less than the text, and a space where "▁" was prepended after an added token.
const std::map<std::string, std::string> kMistralDecodingsOfTransformersIds = {
    {"whitespace_only", "    "},
    {"whitespace_leading", "  leading spaces and\ttabs\t"},
    {"leading_space", "starts with one space"},
    {"leading_spaces_newline", " two spaces then\n newline and space"},
    {"added_tokens", "<s> Hello</s> world <s> again</s>"},
    {"added_tokens_spaced", "a <s> b</s> \n<unk> c"}};

// A copy of a folder whose tokenizer_config.json names PreTrainedTokenizerFast (with the same
// special tokens), so the tokenizer.json runs as written.
const char* const kAsWrittenSuffix = "_as_written";

nlohmann::json transformersCheckOf(const std::string& folder) {
    return hullft::readJsonFile(kData + "/" + kTransformersCheck).at("fixtures").at(folder);
}

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

// One row per case of every tokenizer.json fixture: ids without and with special tokens, and
// what the ids decode to (the text itself unless the reference says otherwise). A row named
// "[transformers 5.17]" expects transformers' ids instead of the reference's; a folder of the
// rebuilt class also gets "<folder>_as_written" rows expecting the reference ids of every case.
void addTokenizerJsonRows() {
    QTest::addColumn<std::string>("folder");
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::vector<int64_t>>("ids");
    QTest::addColumn<std::vector<int64_t>>("idsWithSpecialTokens");
    QTest::addColumn<std::string>("decoded");
    for (const auto& [folder, referenceFile] : kTokenizerJsonFixtures) {
        const nlohmann::json reference = hullft::readJsonFile(kData + "/" + referenceFile);
        const nlohmann::json check = transformersCheckOf(folder);
        const bool rebuilt = check.at("class") == kRebuiltClass;
        std::map<std::string, nlohmann::json> transformersIds;
        for (const auto& disagreement : check.at("disagreements"))
            transformersIds[disagreement.at("name").get<std::string>()] = disagreement;
        for (const auto& entry : reference.at("cases")) {
            const std::string name = entry.at("name").get<std::string>();
            const std::string text = entry.at("text").get<std::string>();
            const auto ids = entry.at("ids").get<std::vector<int64_t>>();
            const auto idsWithSpecialTokens = entry.at("ids_with_special_tokens").get<std::vector<int64_t>>();
            const std::string decoded = entry.value("decoded", text);
            if (rebuilt && transformersIds.count(name)) {
                const nlohmann::json& transformers = transformersIds.at(name);
                QTest::newRow((std::string(folder) + "/" + name + " [transformers 5.17]").c_str())
                    << std::string(folder) << text
                    << transformers.at("transformers_plain").get<std::vector<int64_t>>()
                    << transformers.at("transformers_special").get<std::vector<int64_t>>()
                    << kMistralDecodingsOfTransformersIds.at(name);
            } else {
                QTest::newRow((std::string(folder) + "/" + name).c_str())
                    << std::string(folder) << text << ids << idsWithSpecialTokens << decoded;
            }
            if (rebuilt) {
                const std::string asWritten = std::string(folder) + kAsWrittenSuffix;
                QTest::newRow((asWritten + "/" + name).c_str())
                    << asWritten << text << ids << idsWithSpecialTokens << decoded;
            }
        }
    }
}

// `folder`'s tokenizer.json under a tokenizer_config.json naming PreTrainedTokenizerFast with
// Mistral's special tokens (add_bos_token true, <s>, </s>).
std::string writeAsWrittenFolder(const QTemporaryDir& dir, const std::string& folder) {
    const std::string copy = dir.filePath(QString::fromStdString(folder + kAsWrittenSuffix)).toStdString();
    std::filesystem::create_directory(copy);
    std::filesystem::copy_file(kData + "/" + folder + "/tokenizer.json", copy + "/tokenizer.json");
    std::ofstream(copy + "/tokenizer_config.json") << nlohmann::json{
        {"tokenizer_class", "PreTrainedTokenizerFast"},
        {"add_bos_token", true},
        {"add_eos_token", false},
        {"bos_token", "<s>"},
        {"eos_token", "</s>"}}.dump();
    return copy;
}

}  // namespace

class TokenizerReferenceTest : public QObject {
    Q_OBJECT
    std::unique_ptr<hullft::Tokenizer> gpt2_, gpt2Json_, qwen3_;
    std::map<std::string, std::unique_ptr<hullft::Tokenizer>> byFolder_;
    QTemporaryDir scratch_;

private slots:
    void initTestCase() {
        gpt2_ = hullft::loadGpt2BpeTokenizer(kData + "/gpt2/vocab.json", kData + "/gpt2/merges.txt");
        gpt2Json_ = hullft::loadHfTokenizerJson(writeGpt2TokenizerJson(scratch_));
        qwen3_ = hullft::loadHfTokenizerJson(kData + "/qwen3_trimmed/tokenizer.json");
        for (const auto& [folder, referenceFile] : kTokenizerJsonFixtures) {
            byFolder_[folder] = hullft::loadTokenizer(kData + "/" + folder);
            if (transformersCheckOf(folder).at("class") == kRebuiltClass)
                byFolder_[std::string(folder) + kAsWrittenSuffix] =
                    hullft::loadTokenizer(writeAsWrittenFolder(scratch_, folder));
        }
    }

    void gpt2_bpe_matches_reference_ids_data() { addReferenceRows("gpt2_reference.json"); }
    void gpt2_bpe_matches_reference_ids() {
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QCOMPARE(gpt2_->encode(text), ids);
        QCOMPARE(gpt2_->encodeWithSpecialTokens(text), ids);  // GPT-2's tokenizer(text) adds no BOS
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

    void tokenizer_json_matches_reference_ids_with_and_without_special_tokens_data() {
        addTokenizerJsonRows();
    }
    void tokenizer_json_matches_reference_ids_with_and_without_special_tokens() {
        QFETCH(std::string, folder);
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ids);
        QFETCH(std::vector<int64_t>, idsWithSpecialTokens);
        QFETCH(std::string, decoded);
        const hullft::Tokenizer& tokenizer = *byFolder_.at(folder);
        QCOMPARE(tokenizer.encode(text), ids);
        QCOMPARE(tokenizer.encodeWithSpecialTokens(text), idsWithSpecialTokens);
        QCOMPARE(tokenizer.decode(ids), decoded);
    }

    // Our trimmed vocabularies lack the added tokens, so transformers numbers them after the
    // vocabulary; the disagreement must be that alone: same length, and where the ids differ ours
    // is an added token written literally in the text.
    void transformers_differs_on_other_classes_only_by_added_token_ids_data() {
        QTest::addColumn<std::string>("folder");
        QTest::addColumn<std::string>("text");
        QTest::addColumn<std::vector<int64_t>>("ours");
        QTest::addColumn<std::vector<int64_t>>("transformers");
        for (const auto& [folder, referenceFile] : kTokenizerJsonFixtures) {
            const nlohmann::json check = transformersCheckOf(folder);
            if (check.at("class") == kRebuiltClass) continue;
            for (const auto& disagreement : check.at("disagreements"))
                for (const char* special : {"plain", "special"})
                    QTest::newRow((std::string(folder) + "/" + disagreement.at("name").get<std::string>() +
                                   " " + special)
                                      .c_str())
                        << std::string(folder) << disagreement.at("text").get<std::string>()
                        << disagreement.at(std::string("reference_") + special).get<std::vector<int64_t>>()
                        << disagreement.at(std::string("transformers_") + special)
                               .get<std::vector<int64_t>>();
        }
    }
    void transformers_differs_on_other_classes_only_by_added_token_ids() {
        QFETCH(std::string, folder);
        QFETCH(std::string, text);
        QFETCH(std::vector<int64_t>, ours);
        QFETCH(std::vector<int64_t>, transformers);
        const hullft::Tokenizer& tokenizer = *byFolder_.at(folder);
        QCOMPARE(transformers.size(), ours.size());
        for (size_t i = 0; i < ours.size(); ++i) {
            if (ours[i] == transformers[i]) continue;
            const std::string token = tokenizer.decode({ours[i]});
            QVERIFY2(token.size() > 2 && token.front() == '<' && token.back() == '>' &&
                         text.find(token) != std::string::npos,
                     token.c_str());
        }
    }

    void special_token_templates_follow_post_processor_and_config_data() {
        QTest::addColumn<std::string>("folder");
        QTest::addColumn<std::vector<int64_t>>("prefix");
        QTest::addColumn<std::vector<int64_t>>("suffix");
        QTest::addColumn<std::optional<int64_t>>("endOfText");
        // Qwen3: add_bos_token false, ByteLevel post-processor. Mistral: add_bos_token true,
        // <s> = 1, eos_token </s> = 2. Llama 3.1: TemplateProcessing <|begin_of_text|>, eos <|eot_id|>.
        QTest::newRow("qwen3") << std::string("qwen3_trimmed") << std::vector<int64_t>{}
                               << std::vector<int64_t>{} << std::optional<int64_t>(151645);
        QTest::newRow("mistral7b") << std::string("mistral7b") << std::vector<int64_t>{1}
                                   << std::vector<int64_t>{} << std::optional<int64_t>(2);
        QTest::newRow("llama3") << std::string("llama3_trimmed") << std::vector<int64_t>{128000}
                                << std::vector<int64_t>{} << std::optional<int64_t>(128009);
    }
    void special_token_templates_follow_post_processor_and_config() {
        QFETCH(std::string, folder);
        QFETCH(std::vector<int64_t>, prefix);
        QFETCH(std::vector<int64_t>, suffix);
        QFETCH(std::optional<int64_t>, endOfText);
        const hullft::Tokenizer& tokenizer = *byFolder_.at(folder);
        QCOMPARE(tokenizer.specialTokenTemplate().prefix, prefix);
        QCOMPARE(tokenizer.specialTokenTemplate().suffix, suffix);
        QCOMPARE(tokenizer.prependsBeginningOfText(), !prefix.empty());
        QCOMPARE(tokenizer.endOfTextId(), endOfText);
        QCOMPARE(tokenizer.kind(), std::string("tokenizer.json"));
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
