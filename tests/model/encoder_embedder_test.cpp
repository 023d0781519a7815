// Encoder embedders against transformers 5.17 / sentence-transformers 6.0.1: tiny random RoBERTa,
// BERT and sentence-transformers folders made by tests/fixtures/make_encoder_fixtures.py
// (tests/data/model/encoders/README.md), loaded unchanged.

#include <caffe2/serialize/inline_container.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>

#include "common/errors.h"
#include "common/json_io.h"
#include "datastore/hf_embedder.h"
#include "model/load_encoder_model.h"
#include "model/pytorch_state_dict.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_writer.h"
#include "model_fixtures.h"
#include "tokenizer/tokenizer.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

namespace fs = std::filesystem;

constexpr double kEmbeddingTolerance = 1e-5;  // float32 CPU against transformers' float32 CPU

std::string encoderFixture(const std::string& name) { return modelFixture("encoders/" + name); }

// In the file's order (the order of the batched references).
const nlohmann::ordered_json& texts() {
    static const nlohmann::ordered_json values =
        nlohmann::ordered_json::parse(hullft::readFileBytes(encoderFixture("texts.json")));
    return values;
}

hullft::NamedTensors reference(const std::string& name) {
    return hullft::readSafetensors(encoderFixture(name) + "/reference.safetensors", std::nullopt);
}

std::vector<int64_t> idsOf(const torch::Tensor& tensor) {
    const torch::Tensor flat = tensor.to(torch::kLong).contiguous();
    return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

double maxDifference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

// Folder, the pooling asked for ("" = the folder's), the reference key of each text's vector.
void addCaseRows() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("pooling");
    QTest::addColumn<QString>("key");
    QTest::newRow("roberta mean") << "roberta"
                                  << "roberta"
                                  << ""
                                  << "embedding";
    QTest::newRow("roberta cls") << "roberta"
                                 << "roberta"
                                 << "cls"
                                 << "cls";
    QTest::newRow("bert mean") << "bert"
                               << "bert"
                               << ""
                               << "embedding";
    QTest::newRow("bert cls") << "bert"
                              << "bert"
                              << "cls"
                              << "cls";
    QTest::newRow("st_mean (0_Transformer, Normalize)") << "st_mean"
                                                        << "st_mean"
                                                        << ""
                                                        << "embedding";
    QTest::newRow("st_cls (root Transformer, cls)") << "st_cls"
                                                    << "st_cls"
                                                    << ""
                                                    << "embedding";
    QTest::newRow("gpt_neo (decoder, TTT-NN)") << "gpt_neo"
                                               << "../decoders/gpt_neo"
                                               << ""
                                               << "embedding";
}

hullft::HfEmbedderOptions optionsFor(const QString& pooling) {
    hullft::HfEmbedderOptions options;
    if (!pooling.isEmpty()) options.pooling = hullft::poolingNamed(pooling.toStdString());
    return options;
}

fs::path copyFixture(const QTemporaryDir& dir, const std::string& name) {
    const fs::path target = fs::path(dir.path().toStdString()) / name;
    fs::copy(encoderFixture(name), target, fs::copy_options::recursive);
    return target;
}

void expectInputError(const std::function<void()>& load, const QString& problem) {
    try {
        load();
        QFAIL("no error");
    } catch (const hullft::InputError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(problem), e.what());
    }
}

// Rewrites one tensor of a safetensors file.
void rewriteTensor(const fs::path& file, const std::string& name,
                   const std::function<torch::Tensor(torch::Tensor)>& change) {
    hullft::NamedTensors tensors = hullft::readSafetensors(file.string(), std::nullopt);
    tensors[name] = change(tensors.at(name));
    std::vector<std::pair<std::string, torch::Tensor>> ordered(tensors.begin(), tensors.end());
    hullft::writeSafetensors(file.string(), ordered, {{"format", "pt"}});
}

}  // namespace

class EncoderEmbedderTest : public QObject {
    Q_OBJECT
private slots:
    void token_ids_equal_transformers_data() { addCaseRows(); }
    void token_ids_equal_transformers() {
        QFETCH(QString, name);
        QFETCH(QString, folder);
        QFETCH(QString, pooling);
        hullft::HfEmbedder embedder(encoderFixture(folder.toStdString()), optionsFor(pooling));
        const hullft::NamedTensors expected = reference(name.toStdString());
        const nlohmann::json& cases = hullft::readJsonFile(encoderFixture("expected.json"));
        QCOMPARE(embedder.maxLength(), cases.at(name.toStdString()).at("max_length").get<int64_t>());
        for (const auto& [textName, text] : texts().items()) {
            const std::vector<int64_t> plain = embedder.tokenizer()->encode(text.get<std::string>());
            if (expected.count(textName + ".ids_plain"))
                QVERIFY2(plain == idsOf(expected.at(textName + ".ids_plain")), textName.c_str());
            // The ids the embedder feeds the model: special tokens around the text, cut to M.
            std::vector<int64_t> input = embedder.tokenizer()->specialTokenTemplate().prefix;
            input.insert(input.end(), plain.begin(),
                         plain.begin() + std::min<int64_t>(plain.size(), embedder.maxContentTokens()));
            const std::vector<int64_t>& suffix = embedder.tokenizer()->specialTokenTemplate().suffix;
            input.insert(input.end(), suffix.begin(), suffix.end());
            QVERIFY2(input == idsOf(expected.at(textName + ".ids")), textName.c_str());
        }
    }

    void embeddings_match_transformers_within_1e_5_data() { addCaseRows(); }
    void embeddings_match_transformers_within_1e_5() {
        QFETCH(QString, name);
        QFETCH(QString, folder);
        QFETCH(QString, pooling);
        QFETCH(QString, key);
        hullft::HfEmbedder embedder(encoderFixture(folder.toStdString()), optionsFor(pooling));
        const hullft::NamedTensors expected = reference(name.toStdString());
        std::vector<std::vector<int64_t>> sequences;
        std::vector<torch::Tensor> rows;
        double worstAlone = 0.0;
        for (const auto& [textName, text] : texts().items()) {
            sequences.push_back(embedder.tokenizer()->encode(text.get<std::string>()));
            rows.push_back(expected.at(textName + "." + key.toStdString()));
            const torch::Tensor alone = embedder.embed({sequences.back()})[0];
            const double difference = maxDifference(alone, rows.back());
            QVERIFY2(difference < kEmbeddingTolerance,
                     (textName + ": " + std::to_string(difference)).c_str());
            worstAlone = std::max(worstAlone, difference);
        }
        // One padded batch (sorted by length, right-padded) gives the same vectors.
        const torch::Tensor batched = embedder.embed(sequences);
        const double batchedDifference = maxDifference(batched, torch::stack(rows));
        QVERIFY(batchedDifference < kEmbeddingTolerance);
        if (expected.count("batch.embeddings") && key == "embedding")
            QVERIFY(maxDifference(batched, expected.at("batch.embeddings")) < kEmbeddingTolerance);
        qInfo("largest |difference|: %.3g alone, %.3g batched", worstAlone, batchedDifference);
    }

    void identity_names_pooling_normalisation_and_length() {
        const hullft::HfEmbedder plain(encoderFixture("roberta"));
        QVERIFY(QString::fromStdString(plain.identity())
                    .contains(QRegularExpression("^hf-[0-9a-f]{16}-mean-max512$")));
        QVERIFY(!plain.normalizes());
        QCOMPARE(plain.maxContentTokens(), int64_t(510));
        const hullft::HfEmbedder sentence(encoderFixture("st_mean"));
        QVERIFY2(QString::fromStdString(sentence.identity()).endsWith("-mean-normalized-max48"),
                 sentence.identity().c_str());
        QVERIFY(sentence.normalizes());
        QCOMPARE(sentence.dimension(), int64_t(32));
        hullft::HfEmbedderOptions override;
        override.normalize = true;
        override.pooling = hullft::EmbeddingPooling::Cls;
        const hullft::HfEmbedder overridden(encoderFixture("roberta"), override);
        QCOMPARE(overridden.identity().substr(0, 19), plain.identity().substr(0, 19));
        QVERIFY(QString::fromStdString(overridden.identity()).endsWith("-cls-normalized-max512"));
        const auto parts = hullft::HfEmbedder::parseIdentity(overridden.identity());
        QVERIFY(parts && parts->pooling == hullft::EmbeddingPooling::Cls && parts->normalize &&
                parts->maxLength == 512);
        QVERIFY(!hullft::HfEmbedder::parseIdentity("lm-0123456789abcdef-layer2-mean"));
        // The same folder again: the same identity (it names the vectors).
        QCOMPARE(hullft::HfEmbedder(encoderFixture("roberta")).identity(), plain.identity());
    }

    void normalized_rows_have_unit_norm() {
        hullft::HfEmbedder embedder(encoderFixture("st_mean"));
        const torch::Tensor rows = embedder.embed({{5, 6, 7}, {8}});
        QVERIFY(maxDifference(rows.norm(2, 1), torch::ones({2})) < 1e-6);
    }

    void bare_vocab_txt_tokenizes_as_tokenizer_json() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "bert");
        fs::remove(folder / "tokenizer.json");
        const auto bare = hullft::loadTokenizer(folder.string());
        const auto full = hullft::loadTokenizer(encoderFixture("bert"));
        QCOMPARE(QString::fromStdString(bare->kind()), QString("vocab.txt"));
        for (const auto& [textName, text] : texts().items())
            QVERIFY2(bare->encodeWithSpecialTokens(text.get<std::string>()) ==
                         full->encodeWithSpecialTokens(text.get<std::string>()),
                     textName.c_str());
        QCOMPARE(hullft::HfEmbedder(folder.string()).identity(),
                 hullft::HfEmbedder(encoderFixture("bert")).identity());
    }

    void pytorch_model_bin_loads_the_same_weights() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "bert");
        fs::remove(folder / "model.safetensors");
        QVERIFY(fs::exists(folder / "pytorch_model.bin"));
        // The identity hashes every parameter's values: the same weights bit for bit.
        QCOMPARE(hullft::HfEmbedder(folder.string()).identity(),
                 hullft::HfEmbedder(encoderFixture("bert")).identity());
    }

    void pytorch_model_bin_runs_no_other_python_callable() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("pytorch_model.bin").toStdString();
        {
            caffe2::serialize::PyTorchStreamWriter archive(path);
            const std::string pickle = std::string(
                "\x80\x02"
                "cos\nsystem\n"
                "q\x00"
                "X\x04\x00\x00\x00"
                "echo"
                "\x85"
                "R.",
                27);
            archive.writeRecord("data.pkl", pickle.data(), pickle.size());
            archive.writeEndOfFile();
        }
        expectInputError([&] { hullft::readPytorchStateDict(path); }, "calls 'os.system'");
        std::ofstream(dir.filePath("legacy.bin").toStdString()) << "not a zip archive";
        expectInputError([&] { hullft::readPytorchStateDict(dir.filePath("legacy.bin").toStdString()); },
                         "save_pretrained(DIR, safe_serialization=True)");
    }

    // 3,000 seeded mutations of the fixture's data.pkl (bytes changed, dropped, inserted) beside its
    // storages: each either reads or is an InputError, never a crash or another exception.
    void mutated_pytorch_model_bin_gives_input_errors_only() {
        caffe2::serialize::PyTorchStreamReader fixture(encoderFixture("bert") + "/pytorch_model.bin");
        const auto recordOf = [&](const std::string& name) {
            const auto [data, size] = fixture.getRecord(name);
            return std::string(static_cast<const char*>(data.get()), size);
        };
        const std::string pickle = recordOf("data.pkl");
        std::vector<std::pair<std::string, std::string>> storages;
        for (const std::string& name : fixture.getAllRecords())
            if (name.rfind("data/", 0) == 0) storages.emplace_back(name, recordOf(name));
        std::mt19937_64 random(1);
        QTemporaryDir dir;
        int refused = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string mutated = pickle;
            for (uint64_t edit = 0, edits = 1 + random() % 4; edit < edits; ++edit) {
                const size_t at = random() % mutated.size();
                switch (random() % 3) {
                    case 0:
                        mutated[at] = static_cast<char>(random());
                        break;
                    case 1:
                        mutated.erase(at, 1 + random() % 8);
                        break;
                    default:
                        mutated.insert(at, 1, static_cast<char>(random()));
                        break;
                }
            }
            const std::string path = dir.filePath("mutated.bin").toStdString();
            {
                caffe2::serialize::PyTorchStreamWriter archive(path);
                archive.writeRecord("data.pkl", mutated.data(), mutated.size());
                for (const auto& [name, bytes] : storages)
                    archive.writeRecord(name, bytes.data(), bytes.size());
                archive.writeEndOfFile();
            }
            try {
                hullft::readPytorchStateDict(path);
            } catch (const hullft::InputError&) {
                ++refused;
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString("round %1: %2").arg(round).arg(e.what())));
            }
        }
        QVERIFY(refused > 0);
    }

    void missing_config_is_refused() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "bert");
        fs::remove(folder / "config.json");
        expectInputError([&] { hullft::HfEmbedder embedder(folder.string()); }, "config.json");
    }

    void wrong_shape_is_refused_before_building() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "roberta");
        rewriteTensor(folder / "model.safetensors", "roberta.encoder.layer.1.intermediate.dense.weight",
                      [](torch::Tensor t) { return t.narrow(0, 0, 32).contiguous(); });
        expectInputError([&] { hullft::loadEncoderModel(folder.string()); },
                         "tensor 'encoder.layer.1.intermediate.dense.weight' has shape");
    }

    void nan_weight_is_refused() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "bert");
        rewriteTensor(folder / "model.safetensors", "encoder.layer.0.attention.self.key.bias",
                      [](torch::Tensor t) {
                          t[3] = std::numeric_limits<float>::quiet_NaN();
                          return t;
                      });
        expectInputError([&] { hullft::HfEmbedder embedder(folder.string()); },
                         "tensor 'encoder.layer.0.attention.self.key.bias' holds NaN");
    }

    void unknown_pooling_mode_is_refused_by_name() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "st_mean");
        nlohmann::json pooling = hullft::readJsonFile((folder / "1_Pooling/config.json").string());
        pooling["pooling_mode_mean_tokens"] = false;
        pooling["pooling_mode_max_tokens"] = true;
        std::ofstream((folder / "1_Pooling/config.json").string()) << pooling.dump();
        expectInputError([&] { hullft::HfEmbedder embedder(folder.string()); },
                         "pooling mode 'pooling_mode_max_tokens'");
    }

    void sentence_transformers_6_layout_reads_the_same() {
        // What sentence-transformers 6.0.1 writes itself: module types by their new paths, the
        // Pooling mode as a string, max_seq_length as the tokenizer's model_max_length.
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "st_cls");
        nlohmann::json modules = hullft::readJsonFile((folder / "modules.json").string());
        modules[0]["type"] = "sentence_transformers.base.modules.transformer.Transformer";
        modules[1]["type"] = "sentence_transformers.sentence_transformer.modules.pooling.Pooling";
        std::ofstream((folder / "modules.json").string()) << modules.dump();
        std::ofstream((folder / "1_Pooling/config.json").string())
            << R"({"embedding_dimension": 32, "pooling_mode": "cls", "include_prompt": true})";
        fs::remove(folder / "sentence_bert_config.json");
        std::ofstream((folder / "tokenizer_config.json").string())
            << R"({"model_max_length": 40, "tokenizer_class": "RobertaTokenizer"})";
        QCOMPARE(hullft::HfEmbedder(folder.string()).identity(),
                 hullft::HfEmbedder(encoderFixture("st_cls")).identity());
    }

    void unsupported_module_is_refused_by_name() {
        QTemporaryDir dir;
        const fs::path folder = copyFixture(dir, "st_mean");
        nlohmann::json modules = hullft::readJsonFile((folder / "modules.json").string());
        modules[2]["type"] = "sentence_transformers.models.Dense";
        std::ofstream((folder / "modules.json").string()) << modules.dump();
        expectInputError([&] { hullft::HfEmbedder embedder(folder.string()); },
                         "sentence_transformers.models.Dense");
    }

    void cls_pooling_of_a_decoder_is_refused() {
        hullft::HfEmbedderOptions options;
        options.pooling = hullft::EmbeddingPooling::Cls;
        expectInputError([&] { hullft::HfEmbedder embedder(modelFixture("decoders/gpt_neo"), options); },
                         "cls pooling");
    }

    void out_of_vocabulary_ids_are_refused() {
        hullft::HfEmbedder embedder(encoderFixture("bert"));
        expectInputError([&] { embedder.embed({{5, 100000}}); }, "outside the vocabulary");
    }
};

QTEST_GUILESS_MAIN(EncoderEmbedderTest)
#include "encoder_embedder_test.moc"
