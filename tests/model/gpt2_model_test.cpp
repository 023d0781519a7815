#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "model/gpt2_checkpoint.h"
#include "model/safetensors_writer.h"
#include "model_fixtures.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QtTest>

namespace {

// Rounding the weights to float16 moved the fixture's logits by up to 2.4e-3 in transformers
// (expected.json, "fp16_vs_fp32_max_abs_diff"); against the same half weights run in float32 the
// fp32 tolerance holds.
constexpr double kFp16WeightsTolerance = 1e-2;
constexpr double kFp32Tolerance = 1e-4;

torch::Tensor maskedLogits(hullft::Gpt2Model& model, const std::string& prefix) {
    torch::NoGradGuard noGrad;
    const torch::Tensor& ids = referenceTensors().at(prefix + ".input_ids");
    const torch::Tensor& mask = referenceTensors().at(prefix + ".attention_mask");
    return model.logits(ids, mask);
}

void expectInputError(const std::string& directory, const QString& source, const QString& problem) {
    try {
        hullft::loadGpt2Model(directory);
        QFAIL("no error");
    } catch (const hullft::InputError& e) {
        QVERIFY2(QString::fromStdString(e.source()).endsWith(source), e.what());
        QVERIFY2(QString::fromStdString(e.problem()).contains(problem), e.what());
    }
}

std::string copyFixture(const QTemporaryDir& dir, const std::string& name) {
    const std::string target = dir.path().toStdString() + "/" + name;
    std::filesystem::copy(modelFixture(name), target, std::filesystem::copy_options::recursive);
    return target;
}

// One layer, 2 heads of width 4, 16 positions, 11 words.
hullft::Gpt2Config tinyConfig(bool tied) {
    hullft::Gpt2Config config;
    config.n_layer = 1;
    config.n_head = 2;
    config.n_embd = 8;
    config.n_positions = 16;
    config.vocab_size = 11;
    config.tie_word_embeddings = tied;
    return config;
}

}  // namespace

class Gpt2ModelTest : public QObject {
    Q_OBJECT
private slots:
    void logits_match_transformers_fp32_data() {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("tiny, batch with right and left padding") << "gpt2_tiny" << "tiny";
        QTest::newRow("tiny, sharded checkpoint") << "gpt2_tiny_sharded" << "tiny";
        QTest::newRow("byte level, n_inner") << "gpt2_bytes" << "bytes";
    }
    void logits_match_transformers_fp32() {
        QFETCH(QString, folder);
        QFETCH(QString, prefix);
        const auto model = hullft::loadGpt2Model(modelFixture(folder.toStdString()));
        const torch::Tensor logits = maskedLogits(*model, prefix.toStdString());
        const double difference = maxDifferenceOnRealTokens(
            logits, referenceTensors().at(prefix.toStdString() + ".logits"),
            referenceTensors().at(prefix.toStdString() + ".attention_mask"));
        QVERIFY2(difference < kFp32Tolerance, qPrintable(QString::number(difference)));
    }

    void fp16_checkpoint_matches_its_weights_exactly_and_fp32_loosely() {
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_bytes_fp16"));
        const torch::Tensor logits = maskedLogits(*model, "bytes");
        const torch::Tensor& mask = referenceTensors().at("bytes.attention_mask");
        const double againstHalfWeights = maxDifferenceOnRealTokens(logits, referenceTensors().at("bytes.logits_fp16_weights"), mask);
        const double againstFloat = maxDifferenceOnRealTokens(logits, referenceTensors().at("bytes.logits"), mask);
        QVERIFY2(againstHalfWeights < kFp32Tolerance, qPrintable(QString::number(againstHalfWeights)));
        QVERIFY2(againstFloat < kFp16WeightsTolerance, qPrintable(QString::number(againstFloat)));
    }

    void mean_loss_matches_transformers() {
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_tiny"));
        torch::NoGradGuard noGrad;
        const torch::Tensor row = referenceTensors().at("tiny.input_ids").narrow(0, 0, 1);
        const torch::Tensor logits = model->logits(row).squeeze(0);
        const double loss = torch::cross_entropy_loss(logits.narrow(0, 0, row.size(1) - 1),
                                                      row.squeeze(0).narrow(0, 1, row.size(1) - 1))
                                .item<double>();
        QVERIFY(std::abs(loss - expectedValues()["tiny"]["loss_row0"].get<double>()) < 1e-5);
    }

    void hidden_states_match_transformers() {
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_tiny"));
        torch::NoGradGuard noGrad;
        const torch::Tensor row = referenceTensors().at("tiny.input_ids")[0];
        const torch::Tensor afterFirst = model->hiddenStates(row, 1);
        const torch::Tensor last = model->hiddenStates(row, model->numLayers());
        QCOMPARE(afterFirst.sizes().vec(), (std::vector<int64_t>{row.size(0), model->hiddenSize()}));
        QVERIFY((afterFirst - referenceTensors().at("tiny.hidden_layer1_row0")).abs().max().item<double>() < kFp32Tolerance);
        QVERIFY((last - referenceTensors().at("tiny.hidden_last_row0")).abs().max().item<double>() < kFp32Tolerance);
    }

    void incremental_decoding_with_cache_equals_full_forward() {
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_bytes"));
        torch::NoGradGuard noGrad;
        const torch::Tensor ids = referenceTensors().at("bytes.input_ids").narrow(0, 0, 1);
        const torch::Tensor full = model->logits(ids);
        hullft::KvCache cache;
        // A chunk of several tokens first (causal mask with an offset), then one token at a time.
        std::vector<torch::Tensor> pieces{model->logitsWithCache(ids.narrow(1, 0, 7), cache)};
        for (int64_t t = 7; t < ids.size(1); ++t) pieces.push_back(model->logitsWithCache(ids.narrow(1, t, 1), cache));
        QCOMPARE(cache.length(), ids.size(1));
        QVERIFY((torch::cat(pieces, 1) - full).abs().max().item<double>() < 1e-5);
    }

    void save_then_reload_gives_identical_tensors() {
        QTemporaryDir dir;
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_tiny"));
        const std::string saved = dir.path().toStdString() + "/saved";
        hullft::saveGpt2Model(*model, saved);
        const auto reloaded = hullft::loadGpt2Model(saved);
        const auto original = model->namedParameters();
        const auto back = reloaded->namedParameters();
        QCOMPARE(back.size(), original.size());
        for (size_t i = 0; i < original.size(); ++i) {
            QCOMPARE(back[i].first, original[i].first);
            QVERIFY2(torch::equal(back[i].second, original[i].second), original[i].first.c_str());
        }
        QCOMPARE(reloaded->config().eos_token_id, model->config().eos_token_id);
        // Stored the way transformers stores GPT2LMHeadModel: body under "transformer.", head tied.
        const hullft::NamedTensors stored = hullft::readSafetensors(saved + "/model.safetensors");
        QVERIFY(stored.count("transformer.wte.weight") && stored.count("transformer.h.1.mlp.c_proj.bias"));
        QVERIFY(!stored.count("lm_head.weight"));
    }

    void untied_head_is_saved_and_loaded() {
        const hullft::Gpt2Config config = tinyConfig(/*tied=*/false);
        hullft::Gpt2Model model(config);
        QTemporaryDir dir;
        hullft::saveGpt2Model(model, dir.path().toStdString());
        const auto reloaded = hullft::loadGpt2Model(dir.path().toStdString());
        const torch::Tensor ids = torch::arange(5).view({1, 5});
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(reloaded->logits(ids), model.logits(ids)));
        QVERIFY(!torch::equal(model.namedParameters().back().second.narrow(1, 0, 8), model.namedParameters().front().second));
    }

    void shape_that_disagrees_with_config_is_refused() {
        QTemporaryDir dir;
        const std::string folder = copyFixture(dir, "gpt2_bytes");
        nlohmann::json config = hullft::readJsonFile(folder + "/config.json");
        config["vocab_size"] = 300;
        std::ofstream(folder + "/config.json") << config.dump();
        expectInputError(folder, "model.safetensors", "tensor 'wte.weight' has shape [257, 48] but config.json implies [300, 48]");
    }

    // The config is checked against the weights before a model of its size exists: these would
    // otherwise allocate 192 GB of positions or build layers until the OOM killer stops the test.
    void config_of_absurd_size_is_refused_before_anything_is_built() {
        QTemporaryDir dir;
        const std::string folder = copyFixture(dir, "gpt2_bytes");
        nlohmann::json config = hullft::readJsonFile(folder + "/config.json");
        config["n_positions"] = 1000000000;
        std::ofstream(folder + "/config.json") << config.dump();
        expectInputError(folder, "model.safetensors", "but config.json implies [1000000000, 48]");
        config["n_positions"] = 64;
        config["n_layer"] = 1000000000000;
        std::ofstream(folder + "/config.json") << config.dump();
        expectInputError(folder, "config.json", "'n_layer' = 1000000000000 exceeds the limit of 4096 layers");
        config["n_layer"] = 4096;
        std::ofstream(folder + "/config.json") << config.dump();
        expectInputError(folder, "model.safetensors", "missing tensor 'h.3.ln_1.weight'");
    }

    // gpt2ExpectedShapes() is what Gpt2Model builds, name for name and shape for shape.
    void expected_shapes_are_the_models_parameters() {
        for (const bool tied : {true, false}) {
            hullft::Gpt2Config config = tinyConfig(tied);
            config.n_layer = 2;
            config.n_inner = 12;
            hullft::Gpt2Model model(config);
            hullft::ExpectedShapes built;
            for (const auto& [name, parameter] : model.namedParameters()) built.emplace_back(name, parameter.sizes().vec());
            QVERIFY(hullft::gpt2ExpectedShapes(config, "config.json") == built);
        }
    }

    void missing_tensor_is_refused_naming_it() {
        QTemporaryDir dir;
        const std::string folder = copyFixture(dir, "gpt2_tiny");
        hullft::NamedTensors tensors = hullft::readSafetensors(folder + "/model.safetensors");
        const std::string dropped = tensors.count("transformer.h.1.mlp.c_fc.bias") ? "transformer.h.1.mlp.c_fc.bias" : "h.1.mlp.c_fc.bias";
        tensors.erase(dropped);
        hullft::writeSafetensors(folder + "/model.safetensors", {tensors.begin(), tensors.end()});
        expectInputError(folder, "model.safetensors", "missing tensor 'h.1.mlp.c_fc.bias'");
    }

    void unexpected_tensor_is_refused_naming_it() {
        QTemporaryDir dir;
        const std::string folder = copyFixture(dir, "gpt2_tiny");
        hullft::NamedTensors tensors = hullft::readSafetensors(folder + "/model.safetensors");
        tensors.emplace("h.0.attn.rotary.weight", torch::zeros({2}));
        hullft::writeSafetensors(folder + "/model.safetensors", {tensors.begin(), tensors.end()});
        expectInputError(folder, "model.safetensors", "unexpected tensor 'h.0.attn.rotary.weight'");
    }

    void truncated_weights_are_refused_naming_the_file() {
        QTemporaryDir dir;
        const std::string folder = copyFixture(dir, "gpt2_tiny");
        std::filesystem::resize_file(folder + "/model.safetensors", std::filesystem::file_size(folder + "/model.safetensors") - 100);
        expectInputError(folder, "model.safetensors", "past the data region");
    }

    void missing_folder_and_config_are_refused() {
        expectInputError("/nonexistent/model", "/nonexistent/model", "does not exist");
        QTemporaryDir dir;
        const std::string folder = copyFixture(dir, "gpt2_tiny");
        std::filesystem::remove(folder + "/config.json");
        expectInputError(folder, "config.json", "cannot open");
    }

    void out_of_vocabulary_ids_are_refused() {
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_bytes"));
        QVERIFY_EXCEPTION_THROWN(model->logits(torch::full({1, 3}, 257, torch::kLong)), hullft::Error);
        QVERIFY_EXCEPTION_THROWN(model->logits(torch::zeros({1, 65}, torch::kLong)), hullft::Error);
    }
};

QTEST_GUILESS_MAIN(Gpt2ModelTest)
#include "gpt2_model_test.moc"

