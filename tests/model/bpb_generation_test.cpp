#include "common/errors.h"
#include "common/json_io.h"
#include "eval/bpb.h"
#include "eval/generation.h"
#include "model/gpt2_checkpoint.h"
#include "model_fixtures.h"

// After LibTorch: Qt's `slots` macro would break torch headers.
#include <QtTest>

namespace {

std::vector<int64_t> byteIds(const std::string& text) {
    std::vector<int64_t> ids;
    for (const unsigned char byte : text) ids.push_back(byte);
    return ids;
}

}  // namespace

class BpbGenerationTest : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<hullft::Gpt2Model> model_;
    std::vector<int64_t> prompt_;

private slots:
    void initTestCase() {
        model_ = hullft::loadGpt2Model(modelFixture("gpt2_bytes"));
        model_->eval();
        prompt_ = byteIds("The model ");
    }

    void bits_per_byte_matches_transformers_reference_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("short text, not truncated") << "bpb_short";
        QTest::newRow("text longer than the context: tokens truncated, all bytes counted") << "bpb_long";
    }
    void bits_per_byte_matches_transformers_reference() {
        QFETCH(QString, name);
        const std::string text = hullft::readFileBytes(modelFixture("reference/" + name.toStdString() + ".txt"));
        const nlohmann::json& expected = expectedValues()["bytes"][name.toStdString()];
        const hullft::BitsPerByte result =
            hullft::bitsPerByte(*model_, byteIds(text), static_cast<int64_t>(text.size()), hullft::BpbRule::Reference);
        QCOMPARE(result.tokens, expected["tokens"].get<int64_t>());
        QCOMPARE(result.bytes, expected["bytes"].get<int64_t>());
        QVERIFY2(std::abs(result.bpb - expected["bpb"].get<double>()) < 1e-5,
                 qPrintable(QString("%1 vs %2").arg(result.bpb, 0, 'g', 12).arg(expected["bpb"].get<double>(), 0, 'g', 12)));
        const auto losses = expected["token_losses"].get<std::vector<double>>();
        QCOMPARE(result.tokenLosses.size(), losses.size());
        for (size_t t = 0; t < losses.size(); ++t) QVERIFY(std::abs(result.tokenLosses[t] - losses[t]) < 1e-4);
    }

    // The fixture model has 64 positions: windows of 64 tokens, 32 apart.
    void full_rule_windows_are_the_context_with_a_stride_of_half_of_it() {
        QCOMPARE(hullft::bpbWindow(*model_), int64_t(64));
        QCOMPARE(hullft::bpbStride(hullft::bpbWindow(*model_)), int64_t(32));
    }

    // bpb_long.txt is 149 bytes: the full rule predicts all 148 tokens after the first, each once,
    // as the Hugging Face perplexity guide's loop (below, written apart from bitsPerByte) does.
    void full_rule_scores_every_token_of_a_text_longer_than_the_context() {
        const std::string text = hullft::readFileBytes(modelFixture("reference/bpb_long.txt"));
        const std::vector<int64_t> ids = byteIds(text);
        const auto total = static_cast<int64_t>(ids.size());
        const hullft::BitsPerByte full = hullft::bitsPerByte(*model_, ids, total, hullft::BpbRule::Full);
        QCOMPARE(full.rule, hullft::BpbRule::Full);
        QCOMPARE(full.tokens, total);
        QCOMPARE(full.bytes, total);
        QCOMPARE(full.tokenLosses.size(), ids.size() - 1);

        torch::NoGradGuard noGrad;
        std::vector<double> expected;
        const int64_t window = 64, stride = 32;
        int64_t previousEnd = 1;  // the first token is never predicted
        for (int64_t begin = 0;; begin += stride) {
            const int64_t end = std::min(begin + window, total);
            const std::vector<int64_t> piece(ids.begin() + begin, ids.begin() + end);
            const torch::Tensor logProbs =
                model_->logits(torch::tensor(piece).unsqueeze(0))[0].to(torch::kFloat64).log_softmax(-1);
            for (int64_t t = previousEnd; t < end; ++t) expected.push_back(-logProbs[t - begin - 1][ids[t]].item<double>());
            previousEnd = end;
            if (end == total) break;
        }
        QCOMPARE(full.tokenLosses.size(), expected.size());
        double expectedNats = 0.0, fullNats = 0.0;
        for (size_t t = 0; t < expected.size(); ++t) {
            QVERIFY2(std::abs(full.tokenLosses[t] - expected[t]) < 1e-4, qPrintable(QString("token %1").arg(t + 1)));
            expectedNats += expected[t];
            fullNats += full.tokenLosses[t];
        }
        QVERIFY(std::abs(full.bpb - expectedNats / std::log(2.0) / total) < 1e-6);
        QVERIFY(std::abs(full.bpb - fullNats / std::log(2.0) / total) < 1e-12);

        // The reference rule keeps its old number: the first window's 63 losses over all 149 bytes.
        const hullft::BitsPerByte reference = hullft::bitsPerByte(*model_, ids, total, hullft::BpbRule::Reference);
        QCOMPARE(reference.tokens, window);
        QCOMPARE(reference.tokenLosses.size(), size_t(window - 1));
        for (size_t t = 0; t < reference.tokenLosses.size(); ++t) QCOMPARE(full.tokenLosses[t], reference.tokenLosses[t]);
        QVERIFY(std::abs(reference.bpb - expectedValues()["bytes"]["bpb_long"]["bpb"].get<double>()) < 1e-5);
        QVERIFY2(full.bpb > 1.5 * reference.bpb, qPrintable(QString("%1 vs %2").arg(full.bpb).arg(reference.bpb)));
    }

    // Up to the context the rules are one: same forward pass, same losses, same bits per byte.
    void both_rules_agree_on_a_text_within_the_context_data() {
        QTest::addColumn<int>("length");
        QTest::newRow("43 tokens") << 43;
        QTest::newRow("exactly the context, 64 tokens") << 64;
    }
    void both_rules_agree_on_a_text_within_the_context() {
        QFETCH(int, length);
        const std::string text = hullft::readFileBytes(modelFixture("reference/bpb_long.txt")).substr(0, length);
        const hullft::BitsPerByte full = hullft::bitsPerByte(*model_, byteIds(text), length, hullft::BpbRule::Full);
        const hullft::BitsPerByte reference = hullft::bitsPerByte(*model_, byteIds(text), length, hullft::BpbRule::Reference);
        QCOMPARE(full.tokens, int64_t(length));
        QCOMPARE(reference.tokens, int64_t(length));
        QCOMPARE(full.tokenLosses, reference.tokenLosses);
        QCOMPARE(full.bpb, reference.bpb);
    }

    void one_token_past_the_context_gives_the_full_rule_one_more_loss() {
        const std::string text = hullft::readFileBytes(modelFixture("reference/bpb_long.txt")).substr(0, 65);
        const hullft::BitsPerByte full = hullft::bitsPerByte(*model_, byteIds(text), 65, hullft::BpbRule::Full);
        const hullft::BitsPerByte reference = hullft::bitsPerByte(*model_, byteIds(text), 65, hullft::BpbRule::Reference);
        QCOMPARE(full.tokenLosses.size(), size_t(64));
        QCOMPARE(reference.tokenLosses.size(), size_t(63));
        QVERIFY(full.bpb > reference.bpb);
    }

    void bits_per_byte_needs_two_tokens_and_bytes() {
        for (const hullft::BpbRule rule : {hullft::BpbRule::Full, hullft::BpbRule::Reference}) {
            QVERIFY_EXCEPTION_THROWN(hullft::bitsPerByte(*model_, {65}, 1, rule), hullft::Error);
            QVERIFY_EXCEPTION_THROWN(hullft::bitsPerByte(*model_, {65, 66}, 0, rule), hullft::Error);
        }
    }

    // Weights whose activations overflow float32 give infinite logits: an error naming the stage,
    // never a BPB of NaN (which JSON would print as null).
    void overflowing_log_probabilities_are_an_error_not_a_number() {
        const auto model = hullft::loadGpt2Model(modelFixture("gpt2_bytes"));
        model->eval();
        {
            torch::NoGradGuard noGrad;
            for (auto& [name, parameter] : model->namedParameters())
                if (name == "ln_f.weight") parameter.fill_(3e38);
        }
        try {
            hullft::bitsPerByte(*model, byteIds("The model overflows"), 19, hullft::BpbRule::Full);
            QFAIL("expected an Error");
        } catch (const hullft::Error& e) {
            QVERIFY2(std::string(e.what()).find("bits per byte: the model's log-probability of token") != std::string::npos,
                     e.what());
        }
    }

    void rule_names_round_trip_and_an_unknown_one_names_the_allowed_values() {
        for (const std::string& name : hullft::bpbRuleNames())
            QCOMPARE(hullft::bpbRuleName(hullft::parseBpbRule(name)), name);
        QCOMPARE(hullft::bpbRuleNames().front(), std::string("full"));  // the default first
        try {
            hullft::parseBpbRule("bytes", "--bpb-rule");
            QFAIL("an unknown rule was accepted");
        } catch (const hullft::InputError& e) {
            QCOMPARE(e.source(), std::string("--bpb-rule"));
            QVERIFY2(std::string(e.what()).find("'bytes' (allowed: full, reference)") != std::string::npos, e.what());
        }
    }

    void greedy_generation_follows_the_full_forward_argmax() {
        hullft::GenerationOptions options;
        options.maxNewTokens = 12;
        const std::vector<int64_t> generated = hullft::generate(*model_, prompt_, options);
        QCOMPARE(generated.size(), size_t(12));
        QCOMPARE(hullft::generate(*model_, prompt_, options), generated);
        std::vector<int64_t> sequence = prompt_;
        torch::NoGradGuard noGrad;
        for (const int64_t token : generated) {
            const torch::Tensor logits = model_->logits(torch::tensor(sequence).unsqueeze(0))[0][-1];
            QCOMPARE(logits.argmax().item<int64_t>(), token);
            sequence.push_back(token);
        }
    }

    void generation_stops_at_end_of_text_and_at_the_context_length() {
        hullft::GenerationOptions options;
        options.maxNewTokens = 5;
        const std::vector<int64_t> free = hullft::generate(*model_, prompt_, options);
        options.endOfTextId = free[2];
        const std::vector<int64_t> stopped = hullft::generate(*model_, prompt_, options);
        QVERIFY(stopped.size() <= 2);
        options.endOfTextId.reset();
        options.maxNewTokens = 1000;
        QCOMPARE(static_cast<int64_t>(hullft::generate(*model_, prompt_, options).size() + prompt_.size()),
                 model_->contextLength());
    }

    void seeded_sampling_is_reproducible_and_seed_dependent() {
        hullft::GenerationOptions options;
        options.maxNewTokens = 20;
        options.sample = true;
        options.topK = 50;
        options.topP = 0.95;
        options.temperature = 1.3;
        options.seed = 11;
        const std::vector<int64_t> first = hullft::generate(*model_, prompt_, options);
        QCOMPARE(first.size(), size_t(20));
        QCOMPARE(hullft::generate(*model_, prompt_, options), first);
        options.seed = 12;
        QVERIFY(hullft::generate(*model_, prompt_, options) != first);
    }

    void top_k_of_one_is_greedy() {
        hullft::GenerationOptions greedy;
        greedy.maxNewTokens = 10;
        hullft::GenerationOptions sampled = greedy;
        sampled.sample = true;
        sampled.topK = 1;
        sampled.seed = 5;
        QCOMPARE(hullft::generate(*model_, prompt_, sampled), hullft::generate(*model_, prompt_, greedy));
    }

    void tiny_top_p_keeps_only_the_most_likely_token() {
        hullft::GenerationOptions greedy;
        greedy.maxNewTokens = 10;
        hullft::GenerationOptions sampled = greedy;
        sampled.sample = true;
        sampled.topP = 1e-9;
        sampled.seed = 9;
        QCOMPARE(hullft::generate(*model_, prompt_, sampled), hullft::generate(*model_, prompt_, greedy));
    }
};

QTEST_GUILESS_MAIN(BpbGenerationTest)
#include "bpb_generation_test.moc"

