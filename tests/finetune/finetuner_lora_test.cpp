// LoRA adaptation (core/model/lora_adapters.h) through the finetuner, on real models of two
// kinds (a Llama-family DecoderModel and GPT-2's Conv1D layers): the base weights are never
// written and dropping the adapter gives the base logits bit for bit; gradient reuse and the
// circuit breaker act on the adapter; the adapter saves in PEFT's layout; the audit event names
// what was adapted.

#include <torch/torch.h>

#include <QtTest>

#include "common/errors.h"
#include "common/json_io.h"
#include "finetune/finetuner.h"
#include "finetune_test_support.h"
#include "model/decoder_config.h"
#include "model/decoder_model.h"
#include "model/gpt2_model.h"
#include "model/safetensors_reader.h"

using namespace hullft;
using namespace hullft::test;

namespace {

std::shared_ptr<DecoderModel> smallLlama() {
    torch::manual_seed(41);
    return std::make_shared<DecoderModel>(parseDecoderConfig(
        R"({"model_type": "llama", "vocab_size": 97, "hidden_size": 32, "intermediate_size": 48,
            "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
            "max_position_embeddings": 64})",
        "config.json"));
}

FinetuneSettings loraSettings(std::vector<std::string> targets = {"q_proj", "v_proj"}) {
    FinetuneSettings settings;
    settings.adapt = AdaptMode::Lora;
    settings.lora.rank = 4;
    settings.lora.alpha = 8.0;
    settings.lora.targets = std::move(targets);
    settings.learning_rate = 1e-2;
    return settings;
}

class AdaptationRecorder : public RecordingObserver {
public:
    void onAdaptation(const AdaptationEvent& event) override { adaptations.push_back(event); }
    std::vector<AdaptationEvent> adaptations;
};

const std::vector<TrainingSequence>& pool() {
    static const std::vector<TrainingSequence> sequences = makeSequences({30, 17, 40, 9}, 97);
    return sequences;
}

}  // namespace

class FinetunerLoraTest : public QObject {
    Q_OBJECT
private slots:
    void adapter_moves_the_model_and_dropping_it_is_the_base_bitwise_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("llama q_proj,v_proj") << "llama";
        QTest::newRow("gpt2 c_attn (Conv1D, fan_in_fan_out)") << "gpt2";
    }
    void adapter_moves_the_model_and_dropping_it_is_the_base_bitwise() {
        QFETCH(QString, model);
        const bool llama = model == "llama";
        std::shared_ptr<LanguageModel> lm = llama ? std::shared_ptr<LanguageModel>(smallLlama()) : smallGpt2();
        const torch::Tensor ids = torch::tensor(pool()[0].token_ids).unsqueeze(0);
        torch::Tensor baseLogits;
        {
            torch::NoGradGuard noGrad;
            baseLogits = lm->logits(ids);
        }
        const NamedTensors before = cloneParameters(*lm);
        Finetuner finetuner(*lm);
        AdaptationRecorder observer;
        const FinetuneResult result = finetuner.adapt(inOrder(pool(), {0, 1, 2, 0, 3}),
                                                      loraSettings(llama ? std::vector<std::string>{"q_proj", "v_proj"}
                                                                         : std::vector<std::string>{"c_attn"}),
                                                      hooks(&observer));
        QVERIFY(result.adapted);
        QVERIFY(finetuner.adapters() != nullptr);
        QVERIFY2(changedNames(before, cloneParameters(*lm)).empty(), "a base weight was written");
        torch::NoGradGuard noGrad;
        QVERIFY((lm->logits(ids) - baseLogits).abs().max().item<double>() > 1e-4);
        finetuner.restoreBase();
        QVERIFY(finetuner.adapters() == nullptr);
        QVERIFY(torch::equal(lm->logits(ids), baseLogits));

        QCOMPARE(observer.adaptations.size(), size_t(1));
        const AdaptationEvent& event = observer.adaptations.front();
        QCOMPARE(QString::fromStdString(event.mode), QString("lora"));
        QCOMPARE(event.lora_rank, int64_t(4));
        QCOMPARE(event.tensors, int64_t(llama ? 8 : 4));  // A and B per targeted layer, 2 layers
        const std::string first = llama ? "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"
                                        : "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight";
        QVERIFY2(event.parameters.rfind(first, 0) == 0, event.parameters.c_str());
    }

    // With r = 2 a repeated sequence's gradient is reused: fewer forward-backward passes than
    // steps, and every step still moves the adapter.
    void gradient_reuse_acts_on_the_adapter() {
        const auto model = smallLlama();
        Finetuner finetuner(*model);
        FinetuneSettings settings = loraSettings();
        settings.refresh_interval = 2;
        RecordingObserver observer;
        const FinetuneResult result =
            finetuner.adapt(inOrder(pool(), {0, 0, 1, 1, 2, 2}), settings, hooks(&observer));
        QCOMPARE(result.steps, 6);
        QCOMPARE(result.computed_steps, 3);
        QCOMPARE(result.reused_steps, 3);
        for (const FinetuneStepEvent& step : observer.steps) QVERIFY(step.update_norm > 0);
    }

    void circuit_breaker_stops_a_diverging_adapter_and_restores_the_base() {
        const auto model = smallLlama();
        const NamedTensors before = cloneParameters(*model);
        Finetuner finetuner(*model);
        FinetuneSettings settings = loraSettings();
        settings.breaker.max_gradient_norm = 1e-9;  // any real gradient trips it
        RecordingObserver observer;
        const FinetuneResult result = finetuner.adapt(inOrder(pool(), {0, 1}), settings, hooks(&observer));
        QVERIFY(result.circuit_breaker.has_value());
        QVERIFY(!result.adapted);
        QVERIFY(finetuner.adapters() == nullptr);
        QVERIFY(changedNames(before, cloneParameters(*model)).empty());
    }

    void adapter_saves_in_peft_layout() {
        const auto model = smallLlama();
        Finetuner finetuner(*model);
        finetuner.adapt(inOrder(pool(), {0, 1}), loraSettings({"q_proj", "v_proj", "down_proj"}));
        QTemporaryDir dir;
        finetuner.adapters()->savePeft(dir.path().toStdString(), "tiny-llama");
        const nlohmann::json config = readJsonFile(dir.path().toStdString() + "/adapter_config.json");
        QCOMPARE(QString::fromStdString(config.at("peft_type")), QString("LORA"));
        QCOMPARE(config.at("r").get<int>(), 4);
        QCOMPARE(config.at("lora_alpha").get<double>(), 8.0);
        QCOMPARE(config.at("target_modules").get<std::vector<std::string>>(),
                 (std::vector<std::string>{"q_proj", "v_proj", "down_proj"}));
        QCOMPARE(config.at("fan_in_fan_out").get<bool>(), false);
        const hullft::NamedTensors tensors =
            readSafetensors(dir.path().toStdString() + "/adapter_model.safetensors", std::nullopt);
        QCOMPARE(tensors.size(), size_t(12));
        QCOMPARE(tensors.at("base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight").sizes(),
                 torch::IntArrayRef({4, 32}));
        QCOMPARE(tensors.at("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight").sizes(),
                 torch::IntArrayRef({16, 4}));  // 2 key/value heads of 8
        QCOMPARE(tensors.at("base_model.model.model.layers.0.mlp.down_proj.lora_A.weight").sizes(),
                 torch::IntArrayRef({4, 48}));
        QVERIFY(tensors.at("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight").abs().max().item<double>() >
                0);
    }

    void targets_matching_no_layer_are_refused_naming_the_layers() {
        const auto model = smallLlama();
        Finetuner finetuner(*model);
        try {
            finetuner.adapt(inOrder(pool(), {0}), loraSettings({"c_attn"}));
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("lora targets c_attn match no layer of LlamaForCausalLM"), e.what());
            QVERIFY2(QString(e.what()).contains("q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(FinetunerLoraTest)
#include "finetuner_lora_test.moc"
