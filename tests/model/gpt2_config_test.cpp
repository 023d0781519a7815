#include "common/errors.h"
#include "model/gpt2_config.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QtTest>

class Gpt2ConfigTest : public QObject {
    Q_OBJECT
private slots:
    void fields_are_read_and_absent_ones_take_transformers_defaults() {
        const hullft::Gpt2Config config = hullft::parseGpt2Config(
            R"({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": 3, "n_head": 4,
                "n_embd": 48, "n_inner": 128, "vocab_size": 257, "layer_norm_epsilon": 1e-6,
                "eos_token_id": 256, "bos_token_id": null, "dtype": "float16", "unknown_extra": [1]})",
            "config.json");
        QCOMPARE(config.n_layer, int64_t(3));
        QCOMPARE(config.n_head, int64_t(4));
        QCOMPARE(config.n_embd, int64_t(48));
        QCOMPARE(config.innerSize(), int64_t(128));
        QCOMPARE(config.vocab_size, int64_t(257));
        QCOMPARE(config.n_positions, int64_t(1024));
        QCOMPARE(config.layer_norm_epsilon, 1e-6);
        QCOMPARE(config.activation_function, std::string("gelu_new"));
        QVERIFY(config.tie_word_embeddings);
        QCOMPARE(config.eos_token_id.value(), int64_t(256));
        QVERIFY(!config.bos_token_id.has_value());
    }

    void written_config_parses_back_to_the_same_fields() {
        hullft::Gpt2Config config;
        config.n_layer = 2;
        config.n_head = 2;
        config.n_embd = 64;
        config.n_positions = 256;
        config.vocab_size = 257;
        config.layer_norm_epsilon = 1e-5;
        config.eos_token_id = 256;
        const hullft::Gpt2Config back = hullft::parseGpt2Config(hullft::gpt2ConfigJson(config), "x");
        QCOMPARE(back.n_layer, config.n_layer);
        QCOMPARE(back.n_head, config.n_head);
        QCOMPARE(back.n_embd, config.n_embd);
        QCOMPARE(back.n_positions, config.n_positions);
        QCOMPARE(back.vocab_size, config.vocab_size);
        QCOMPARE(back.innerSize(), int64_t(256));
        QCOMPARE(back.eos_token_id, config.eos_token_id);
    }

    void invalid_config_is_refused_naming_the_field_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("other model_type") << R"({"model_type": "llama"})" << "'model_type' must be \"gpt2\"";
        QTest::newRow("no model_type") << R"({"n_layer": 2})" << "'model_type'";
        QTest::newRow("other architecture") << R"({"model_type": "gpt2", "architectures": ["LlamaForCausalLM"]})"
                                            << "unsupported architecture \"LlamaForCausalLM\"";
        QTest::newRow("zero heads") << R"({"model_type": "gpt2", "n_head": 0})" << "'n_head' must be a positive integer";
        QTest::newRow("layers as text") << R"({"model_type": "gpt2", "n_layer": "2"})" << "'n_layer' must be a positive integer";
        QTest::newRow("fractional width") << R"({"model_type": "gpt2", "n_embd": 64.5})" << "'n_embd'";
        QTest::newRow("width not divisible") << R"({"model_type": "gpt2", "n_embd": 50, "n_head": 4})"
                                             << "'n_embd' (50) is not divisible by 'n_head' (4)";
        QTest::newRow("activation") << R"({"model_type": "gpt2", "activation_function": "swiglu"})"
                                    << "'activation_function' has an unsupported value \"swiglu\"";
        QTest::newRow("epsilon") << R"({"model_type": "gpt2", "layer_norm_epsilon": -1})" << "'layer_norm_epsilon'";
        QTest::newRow("tie flag") << R"({"model_type": "gpt2", "tie_word_embeddings": "yes"})" << "'tie_word_embeddings'";
        QTest::newRow("eos id") << R"({"model_type": "gpt2", "eos_token_id": -3})" << "'eos_token_id'";
        QTest::newRow("layer-scaled attention") << R"({"model_type": "gpt2", "scale_attn_by_inverse_layer_idx": true})"
                                                << "'scale_attn_by_inverse_layer_idx'";
        QTest::newRow("malformed JSON") << R"({"model_type": "gpt2",)" << "malformed JSON";
        QTest::newRow("not an object") << R"([1, 2])" << "not a JSON object";
    }
    void invalid_config_is_refused_naming_the_field() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        try {
            hullft::parseGpt2Config(json.toStdString(), "dir/config.json");
            QFAIL("no error");
        } catch (const hullft::InputError& e) {
            QCOMPARE(QString::fromStdString(e.source()), QString("dir/config.json"));
            QVERIFY2(QString::fromStdString(e.problem()).contains(expected), e.what());
        }
    }

    void missing_config_file_is_an_input_error_naming_it() {
        QVERIFY_EXCEPTION_THROWN(hullft::readGpt2Config("/nonexistent/config.json"), hullft::InputError);
    }
};

QTEST_GUILESS_MAIN(Gpt2ConfigTest)
#include "gpt2_config_test.moc"

