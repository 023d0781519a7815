// The decoder families against transformers: tiny random checkpoints and tokenizers made by
// tests/fixtures/make_decoder_fixtures.py (tests/data/model/decoders/README.md), loaded unchanged.

#include <filesystem>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "eval/bpb.h"
#include "eval/generation.h"
#include "finetune/finetuner.h"
#include "model/load_language_model.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_writer.h"
#include "model_fixtures.h"
#include "tokenizer/tokenizer.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QtTest>

namespace {

constexpr double kLogitTolerance = 1e-4;     // float32 CPU against transformers' float32 CPU
constexpr double kBpbRelativeTolerance = 1e-6;

std::string caseFolder(const std::string& name) { return modelFixture("decoders/" + name); }

const nlohmann::json& expected() {
    static const nlohmann::json values = hullft::readJsonFile(caseFolder("expected.json"));
    return values;
}

const nlohmann::json& texts() {
    static const nlohmann::json values = hullft::readJsonFile(caseFolder("texts.json"));
    return values;
}

hullft::NamedTensors reference(const std::string& name) {
    return hullft::readSafetensors(caseFolder(name) + "/reference.safetensors", std::nullopt);
}

std::vector<int64_t> idsOf(const torch::Tensor& tensor) {
    const torch::Tensor flat = tensor.to(torch::kLong).contiguous();
    return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

torch::Tensor row(const std::vector<int64_t>& ids) { return torch::tensor(ids, torch::kLong).unsqueeze(0); }

double maxDifference(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

// Logits of the long text at the reference positions.
torch::Tensor longLogitRows(hullft::LanguageModel& model, const hullft::NamedTensors& tensors,
                            const std::vector<int64_t>& ids) {
    torch::NoGradGuard noGrad;
    return model.logits(row(ids))[0].index_select(0, tensors.at("long.positions"));
}

void addCaseRows() {
    QTest::addColumn<QString>("name");
    for (const char* name : {"llama", "mistral", "qwen2", "qwen3", "gpt_neox", "gpt_neox_sequential", "gpt_neo", "phi3",
                             "phi3_partial_rotary"})
        QTest::newRow(name) << name;
}

std::string withConfig(const QTemporaryDir& dir, const std::string& name, const std::string& configFile) {
    const std::string target = dir.path().toStdString() + "/" + name;
    std::filesystem::copy(caseFolder(name), target, std::filesystem::copy_options::recursive);
    std::filesystem::copy_file(caseFolder(name) + "/" + configFile, target + "/config.json",
                               std::filesystem::copy_options::overwrite_existing);
    return target;
}

void expectLoadError(const std::string& directory, const QString& source, const QString& problem) {
    try {
        hullft::loadLanguageModel(directory);
        QFAIL("no error");
    } catch (const hullft::InputError& e) {
        QVERIFY2(QString::fromStdString(e.source()).endsWith(source), e.what());
        QVERIFY2(QString::fromStdString(e.problem()).contains(problem), e.what());
    }
}

}  // namespace

class DecoderFamiliesTest : public QObject {
    Q_OBJECT
private slots:
    void every_case_was_generated() {
        QVERIFY2(expected().at("failures").empty(), expected().at("failures").dump().c_str());
    }

    void tokenizer_ids_match_transformers_data() { addCaseRows(); }
    void tokenizer_ids_match_transformers() {
        QFETCH(QString, name);
        const auto tokenizer = hullft::loadTokenizer(caseFolder(name.toStdString()));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        for (const auto& [textName, text] : texts().items()) {
            const std::string label = name.toStdString() + "/" + textName;
            QVERIFY2(tokenizer->encode(text) == idsOf(tensors.at(textName + ".ids_plain")), label.c_str());
            QVERIFY2(tokenizer->encodeWithSpecialTokens(text) == idsOf(tensors.at(textName + ".ids")), label.c_str());
        }
    }

    void logits_match_transformers_past_the_pre_scaling_context_data() { addCaseRows(); }
    void logits_match_transformers_past_the_pre_scaling_context() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        QCOMPARE(QString::fromStdString(model->architecture()),
                 QString::fromStdString(expected().at(name.toStdString()).at("architecture")));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        const std::vector<int64_t> ids = idsOf(tensors.at("long.ids"));
        QVERIFY2(ids.size() >= 1500, std::to_string(ids.size()).c_str());
        const double difference = maxDifference(longLogitRows(*model, tensors, ids), tensors.at("long.logits_rows"));
        QVERIFY2(difference < kLogitTolerance, std::to_string(difference).c_str());
    }

    // config.json as checkpoints on the hub spell it (rope_theta, rope_scaling, rotary_pct, ...)
    // gives the model transformers 5's own config.json gives.
    void hub_style_config_gives_the_same_model_data() { addCaseRows(); }
    void hub_style_config_gives_the_same_model() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const auto model = hullft::loadLanguageModel(withConfig(dir, name.toStdString(), "config.hub.json"));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        const double difference = maxDifference(longLogitRows(*model, tensors, idsOf(tensors.at("long.ids"))),
                                                tensors.at("long.logits_rows"));
        QVERIFY2(difference < kLogitTolerance, std::to_string(difference).c_str());
    }

    void bits_per_byte_match_transformers_data() { addCaseRows(); }
    void bits_per_byte_match_transformers() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        torch::NoGradGuard noGrad;
        for (const auto& [textName, values] : expected().at(name.toStdString()).at("texts").items()) {
            const std::vector<int64_t> ids = idsOf(tensors.at(textName + ".ids"));
            const hullft::BitsPerByte result = hullft::bitsPerByte(*model, ids, values.at("bytes").get<int64_t>(), hullft::BpbRule::Reference);
            const double want = values.at("bpb_1024").get<double>();
            const std::string label = textName + ": " + std::to_string(result.bpb) + " vs " + std::to_string(want);
            QVERIFY2(std::abs(result.bpb - want) <= kBpbRelativeTolerance * want, label.c_str());
        }
    }

    void padded_batch_and_hidden_states_match_transformers_data() { addCaseRows(); }
    void padded_batch_and_hidden_states_match_transformers() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        torch::NoGradGuard noGrad;
        const torch::Tensor& ids = tensors.at("batch.ids");
        const torch::Tensor& mask = tensors.at("batch.mask");
        const double logits = maxDifferenceOnRealTokens(model->logits(ids, mask), tensors.at("batch.logits"), mask);
        QVERIFY2(logits < kLogitTolerance, std::to_string(logits).c_str());
        const double first = maxDifference(model->hiddenStates(ids[0], 1), tensors.at("batch.hidden_layer1_row0"));
        QVERIFY2(first < kLogitTolerance, std::to_string(first).c_str());
        const double last = maxDifference(model->hiddenStates(ids[0], model->numLayers()),
                                          tensors.at("batch.hidden_last_row0"));
        QVERIFY2(last < kLogitTolerance, std::to_string(last).c_str());
    }

    void greedy_kv_cache_generation_matches_transformers_data() { addCaseRows(); }
    void greedy_kv_cache_generation_matches_transformers() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        hullft::GenerationOptions options;
        options.maxNewTokens = 16;
        torch::NoGradGuard noGrad;
        QCOMPARE(hullft::generate(*model, idsOf(tensors.at("code.ids")), options), idsOf(tensors.at("greedy.tokens")));
    }

    // Cached decoding, one token at a time, equals one full forward, windows included.
    void kv_cache_equals_full_forward_data() { addCaseRows(); }
    void kv_cache_equals_full_forward() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const torch::Tensor ids = row(idsOf(reference(name.toStdString()).at("long.ids"))).narrow(1, 0, 80);
        torch::NoGradGuard noGrad;
        hullft::KvCache cache;
        std::vector<torch::Tensor> pieces{model->logitsWithCache(ids.narrow(1, 0, 7), cache)};
        for (int64_t t = 7; t < ids.size(1); ++t) pieces.push_back(model->logitsWithCache(ids.narrow(1, t, 1), cache));
        const double difference = maxDifference(torch::cat(pieces, 1), model->logits(ids));
        QVERIFY2(difference < kLogitTolerance, std::to_string(difference).c_str());
    }

    // Full finetuning with gradient reuse moves every family's weights, and restoring puts the
    // loaded base back bit for bit.
    void finetuning_restores_the_base_bitwise_data() { addCaseRows(); }
    void finetuning_restores_the_base_bitwise() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const auto pristine = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const std::vector<int64_t> ids = idsOf(reference(name.toStdString()).at("long.ids"));
        std::vector<hullft::TrainingSequence> order;
        for (int step = 0; step < 4; ++step)
            order.push_back({step / 2, std::vector<int64_t>(ids.begin() + 100 * (step / 2), ids.begin() + 100 * (step / 2) + 200)});
        hullft::Finetuner finetuner(*model);
        hullft::FinetuneSettings settings;
        settings.learning_rate = 1e-3;
        const hullft::FinetuneResult result = finetuner.adapt(order, settings);
        QVERIFY(result.adapted);
        QCOMPARE(result.computed_steps, 2);
        const auto base = pristine->namedParameters();
        const auto adapted = model->namedParameters();
        QCOMPARE(adapted.size(), base.size());
        bool moved = false;
        for (size_t i = 0; i < base.size(); ++i) moved = moved || !torch::equal(adapted[i].second, base[i].second);
        QVERIFY2(moved, "finetuning changed no weight");
        finetuner.restoreBase();
        for (size_t i = 0; i < base.size(); ++i) QVERIFY2(torch::equal(adapted[i].second, base[i].second), base[i].first.c_str());
    }

    void float16_bfloat16_and_sharded_files_load_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"llama_fp16", "llama_bf16", "llama_sharded", "qwen2_fp16", "qwen2_bf16", "qwen2_sharded"})
            QTest::newRow(name) << name;
    }
    void float16_bfloat16_and_sharded_files_load() {
        QFETCH(QString, name);
        const auto model = hullft::loadLanguageModel(caseFolder(name.toStdString()));
        const std::string of = expected().at(name.toStdString()).at("of");
        const std::vector<int64_t> ids = idsOf(reference(of).at("long.ids"));
        const hullft::NamedTensors tensors = reference(name.toStdString());
        const double difference = maxDifference(longLogitRows(*model, tensors, ids), tensors.at("long.logits_rows"));
        QVERIFY2(difference < kLogitTolerance, std::to_string(difference).c_str());
    }

    void bad_checkpoints_are_refused_naming_file_and_problem() {
        QTemporaryDir dir;
        const std::string folder = withConfig(dir, "qwen2", "config.json");
        nlohmann::json config = hullft::readJsonFile(folder + "/config.json");

        config["intermediate_size"] = 97;
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "model.safetensors", "config.json implies [97, 64]");

        config["intermediate_size"] = 96;
        config["num_hidden_layers"] = 1000000000000;
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "config.json", "'num_hidden_layers' = 1000000000000 exceeds the limit of 4096 layers");

        config["num_hidden_layers"] = 2;
        config["model_type"] = "mamba";
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "config.json", "\"mamba\" names no supported architecture");

        config["model_type"] = "qwen2";
        config["rope_parameters"] = {{"rope_type", "yarn"}, {"rope_theta", 10000.0}, {"factor", 4.0}};
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "config.json", "rope type \"yarn\", which is not implemented");

        config.erase("rope_parameters");
        config["hidden_act"] = "relu2";
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "config.json", "'hidden_act' has an unsupported value \"relu2\"");

        config["hidden_act"] = "silu";
        config["architectures"] = {"Qwen2ForSequenceClassification"};
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "config.json", "Qwen2ForSequenceClassification");

        config["architectures"] = {"Qwen2ForCausalLM"};
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        hullft::NamedTensors tensors = hullft::readSafetensors(folder + "/model.safetensors");
        tensors.at("model.layers.1.mlp.up_proj.weight")[3][5] = std::nan("");
        std::vector<std::pair<std::string, torch::Tensor>> stored(tensors.begin(), tensors.end());
        hullft::writeSafetensors(folder + "/model.safetensors", stored);
        expectLoadError(folder, "model.safetensors", "'model.layers.1.mlp.up_proj.weight' holds NaN");

        tensors.erase("model.layers.1.mlp.up_proj.weight");
        stored.assign(tensors.begin(), tensors.end());
        hullft::writeSafetensors(folder + "/model.safetensors", stored);
        expectLoadError(folder, "model.safetensors", "missing tensor 'model.layers.1.mlp.up_proj.weight'");
    }

    void phi3_long_rope_is_refused_by_name() {
        QTemporaryDir dir;
        const std::string folder = withConfig(dir, "phi3", "config.hub.json");
        nlohmann::json config = hullft::readJsonFile(folder + "/config.json");
        config["rope_scaling"] = {{"type", "longrope"}, {"short_factor", {1.0}}, {"long_factor", {1.0}}};
        hullft::writeFileAtomically(folder + "/config.json", config.dump());
        expectLoadError(folder, "config.json", "rope type \"longrope\", which is not implemented");
    }

    void missing_shard_is_refused_naming_it() {
        QTemporaryDir dir;
        const std::string folder = withConfig(dir, "llama_sharded", "config.json");
        const nlohmann::json index = hullft::readJsonFile(folder + "/model.safetensors.index.json");
        const std::string shard = index.at("weight_map").begin().value();
        std::filesystem::remove(folder + "/" + shard);
        expectLoadError(folder, QString::fromStdString(shard), "");
    }
};

QTEST_GUILESS_MAIN(DecoderFamiliesTest)
#include "decoder_families_test.moc"
