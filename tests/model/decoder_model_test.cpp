// The generic decoder's own invariants, per family, on random weights: names, cached decoding,
// padding, sliding windows, grouped-query heads; and config.json validation. Exactness against
// transformers is decoder_families_test.

#include "common/errors.h"
#include "model/decoder_config.h"
#include "model/decoder_model.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QtTest>

namespace {

constexpr double kTolerance = 1e-5;

// Tiny configs of every family, written as hub checkpoints spell them.
const std::map<std::string, std::string>& familyConfigs() {
    static const std::map<std::string, std::string> configs = {
        {"llama", R"({"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 50,
            "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4,
            "num_key_value_heads": 2, "max_position_embeddings": 128, "rope_theta": 500000.0,
            "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                             "original_max_position_embeddings": 16},
            "tie_word_embeddings": true, "attention_bias": true, "mlp_bias": true})"},
        {"mistral", R"({"model_type": "mistral", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 8,
            "max_position_embeddings": 128, "sliding_window": 5})"},
        {"qwen2", R"({"model_type": "qwen2", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
            "max_position_embeddings": 128, "use_sliding_window": true, "sliding_window": 6, "max_window_layers": 1})"},
        {"qwen3", R"({"model_type": "qwen3", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
            "max_position_embeddings": 128, "rope_parameters": {"rope_type": "linear", "factor": 2.0, "rope_theta": 1e6}})"},
        {"phi3", R"({"model_type": "phi3", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "partial_rotary_factor": 0.5,
            "max_position_embeddings": 128, "sliding_window": 7})"},
        {"gpt_neox", R"({"model_type": "gpt_neox", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 64,
            "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 128, "rotary_pct": 0.25})"},
        {"gpt_neo", R"({"model_type": "gpt_neo", "vocab_size": 50, "hidden_size": 32, "num_layers": 2, "num_heads": 4,
            "max_position_embeddings": 128, "attention_types": [[["global", "local"], 1]], "window_size": 4})"},
    };
    return configs;
}

std::shared_ptr<hullft::DecoderModel> randomModel(const std::string& family, uint64_t seed = 3) {
    torch::manual_seed(seed);
    auto model = std::make_shared<hullft::DecoderModel>(
        hullft::parseDecoderConfig(familyConfigs().at(family), family + "/config.json"));
    // Larger than the 0.02 initialisation, so every part visibly moves the logits.
    torch::NoGradGuard noGrad;
    for (auto& [name, parameter] : model->namedParameters()) parameter.add_(torch::randn_like(parameter) * 0.2);
    return model;
}

torch::Tensor randomIds(int64_t rows, int64_t length, uint64_t seed = 9) {
    torch::manual_seed(seed);
    return torch::randint(0, 50, {rows, length}, torch::kLong);
}

double maxDifference(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

void addFamilyRows() {
    QTest::addColumn<QString>("family");
    for (const auto& [family, config] : familyConfigs()) QTest::newRow(family.c_str()) << QString::fromStdString(family);
}

void expectConfigError(const std::string& json, const QString& problem) {
    try {
        hullft::parseDecoderConfig(json, "dir/config.json");
        QFAIL("no error");
    } catch (const hullft::InputError& e) {
        QCOMPARE(QString::fromStdString(e.source()), QString("dir/config.json"));
        QVERIFY2(QString::fromStdString(e.problem()).contains(problem), e.what());
    }
}

}  // namespace

class DecoderModelTest : public QObject {
    Q_OBJECT
private slots:
    void parameters_carry_the_family_names_data() { addFamilyRows(); }
    void parameters_carry_the_family_names() {
        QFETCH(QString, family);
        const auto model = randomModel(family.toStdString());
        const auto expected = hullft::decoderParameters(model->config());
        const auto named = model->namedParameters();
        QCOMPARE(named.size(), expected.size());
        std::set<std::string> names;
        for (const auto& [name, parameter] : named) names.insert(name);
        for (const hullft::DecoderParameter& parameter : expected) QVERIFY2(names.count(parameter.name), parameter.name.c_str());
    }

    void cached_decoding_equals_one_forward_data() { addFamilyRows(); }
    void cached_decoding_equals_one_forward() {
        QFETCH(QString, family);
        const auto model = randomModel(family.toStdString());
        const torch::Tensor ids = randomIds(2, 30);
        torch::NoGradGuard noGrad;
        hullft::KvCache cache;
        std::vector<torch::Tensor> pieces{model->logitsWithCache(ids.narrow(1, 0, 3), cache)};
        for (int64_t t = 3; t < ids.size(1); ++t) pieces.push_back(model->logitsWithCache(ids.narrow(1, t, 1), cache));
        QVERIFY(maxDifference(torch::cat(pieces, 1), model->logits(ids)) < kTolerance);
    }

    void padded_rows_get_what_they_get_alone_data() { addFamilyRows(); }
    void padded_rows_get_what_they_get_alone() {
        QFETCH(QString, family);
        const auto model = randomModel(family.toStdString());
        const torch::Tensor ids = randomIds(2, 20);
        torch::Tensor mask = torch::ones({2, 20}, torch::kLong);
        mask[1].narrow(0, 12, 8).zero_();
        torch::NoGradGuard noGrad;
        const torch::Tensor batch = model->logits(ids, mask);
        QVERIFY(maxDifference(batch[1].narrow(0, 0, 12), model->logits(ids[1].narrow(0, 0, 12).unsqueeze(0))[0]) <
                kTolerance);
        const torch::Tensor states = model->batchHiddenStates(ids, mask, 1);
        QVERIFY(maxDifference(states[1].narrow(0, 0, 12), model->hiddenStates(ids[1].narrow(0, 0, 12), 1)) < kTolerance);
        QVERIFY(torch::isfinite(batch).all().item<bool>());
    }

    // With a window of w keys, a one-layer model's output at position t >= w cannot depend on
    // token 0, while full attention's does.
    void sliding_window_hides_keys_further_back() {
        const std::string json = R"({"model_type": "mistral", "vocab_size": 50, "hidden_size": 32,
            "intermediate_size": 48, "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 2,
            "max_position_embeddings": 64, "sliding_window": 4})";
        torch::manual_seed(4);
        hullft::DecoderModel windowed(hullft::parseDecoderConfig(json, "config.json"));
        torch::Tensor ids = randomIds(1, 12);
        torch::NoGradGuard noGrad;
        const torch::Tensor before = windowed.logits(ids);
        ids[0][0] = (ids[0][0].item<int64_t>() + 1) % 50;
        const torch::Tensor after = windowed.logits(ids);
        QVERIFY(maxDifference(before[0].narrow(0, 4, 8), after[0].narrow(0, 4, 8)) == 0.0);
        QVERIFY(maxDifference(before[0].narrow(0, 0, 4), after[0].narrow(0, 0, 4)) > 1e-4);
    }

    // Head h of a grouped-query model reads key/value head h / (heads / kvHeads): the same
    // model with each key/value head stored once per query head gives the same logits.
    void grouped_query_heads_share_keys_and_values() {
        const auto grouped = randomModel("llama");
        std::string json = familyConfigs().at("llama");
        json.replace(json.find("\"num_key_value_heads\": 2"), 24, "\"num_key_value_heads\": 4");
        hullft::DecoderModel full(hullft::parseDecoderConfig(json, "config.json"));
        torch::NoGradGuard noGrad;
        const auto source = grouped->namedParameters();
        std::map<std::string, torch::Tensor> byName(source.begin(), source.end());
        for (auto& [name, parameter] : full.namedParameters()) {
            torch::Tensor value = byName.at(name);
            const bool keyOrValue = name.find("k_proj") != std::string::npos || name.find("v_proj") != std::string::npos;
            if (keyOrValue) value = value.view({2, 8, -1}).repeat_interleave(2, 0).reshape(parameter.sizes());
            parameter.copy_(value);
        }
        const torch::Tensor ids = randomIds(1, 16);
        QVERIFY(maxDifference(grouped->logits(ids), full.logits(ids)) < kTolerance);
    }

    void invalid_configs_are_refused_naming_the_field_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        const QString llama = R"("model_type": "llama", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 128)";
        QTest::newRow("unknown model_type") << R"({"model_type": "mamba"})" << "\"mamba\" names no supported architecture";
        QTest::newRow("architecture of another family")
            << "{" + llama + R"(, "architectures": ["MistralForCausalLM"]})" << "\"MistralForCausalLM\"";
        QTest::newRow("missing size") << R"({"model_type": "llama", "vocab_size": 50})" << "'hidden_size' is missing";
        QTest::newRow("dynamic rope") << "{" + llama + R"(, "rope_scaling": {"type": "dynamic", "factor": 2.0}})"
                                      << "rope type \"dynamic\", which is not implemented";
        QTest::newRow("llama3 rope without its factors")
            << "{" + llama + R"(, "rope_scaling": {"rope_type": "llama3", "factor": 8.0}})"
            << "'low_freq_factor' is missing for rope type llama3";
        QTest::newRow("kv heads not dividing heads") << "{" + llama + R"(, "num_key_value_heads": 3})"
                                                     << "'num_key_value_heads' (3) does not divide";
        QTest::newRow("width not divisible") << "{" + QString(llama).replace("\"hidden_size\": 32", "\"hidden_size\": 30") + "}"
                                             << "'hidden_size' (30) is not divisible";
        QTest::newRow("activation") << R"({"model_type": "gpt_neox", "vocab_size": 50, "hidden_size": 32,
            "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
            "max_position_embeddings": 128, "hidden_act": "quick_gelu"})"
                                    << "'hidden_act' has an unsupported value \"quick_gelu\"";
        QTest::newRow("odd rotary dimensions") << R"({"model_type": "gpt_neox", "vocab_size": 50, "hidden_size": 32,
            "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
            "max_position_embeddings": 128, "rotary_pct": 0.1})"
                                               << "'partial_rotary_factor' leaves 0 rotary dimensions";
        QTest::newRow("gpt-neo layer kinds not covering layers")
            << R"({"model_type": "gpt_neo", "vocab_size": 50, "hidden_size": 32, "num_layers": 3, "num_heads": 4,
            "max_position_embeddings": 128, "attention_types": [[["global", "local"], 1]]})"
            << "describes 2 layers but num_layers is 3";
        QTest::newRow("absurd layer count") << "{" + QString(llama).replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1000000000000") + "}"
                                            << "'num_hidden_layers' = 1000000000000 exceeds the limit of 4096 layers";
        QTest::newRow("gpt-neo layer kinds beyond num_layers")
            << R"({"model_type": "gpt_neo", "vocab_size": 50, "hidden_size": 32, "num_layers": 2, "num_heads": 4,
            "max_position_embeddings": 128, "attention_types": [[["global", "local", "global"], 2]]})"
            << "describes more layers than num_layers (2)";
        QTest::newRow("qwen sliding layer without window")
            << R"({"model_type": "qwen2", "vocab_size": 50, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 128,
            "layer_types": ["full_attention", "sliding_attention"]})"
            << "'sliding_window' is missing for a sliding_attention layer";
        QTest::newRow("not an object") << "[1]" << "not a JSON object";
    }
    void invalid_configs_are_refused_naming_the_field() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        expectConfigError(json.toStdString(), expected);
    }
};

QTEST_GUILESS_MAIN(DecoderModelTest)
#include "decoder_model_test.moc"
