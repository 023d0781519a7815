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
        const hullft::BitsPerByte result = hullft::bitsPerByte(*model_, byteIds(text), static_cast<int64_t>(text.size()));
        QCOMPARE(result.tokens, expected["tokens"].get<int64_t>());
        QCOMPARE(result.bytes, expected["bytes"].get<int64_t>());
        QVERIFY2(std::abs(result.bpb - expected["bpb"].get<double>()) < 1e-5,
                 qPrintable(QString("%1 vs %2").arg(result.bpb, 0, 'g', 12).arg(expected["bpb"].get<double>(), 0, 'g', 12)));
        const auto losses = expected["token_losses"].get<std::vector<double>>();
        QCOMPARE(result.tokenLosses.size(), losses.size());
        for (size_t t = 0; t < losses.size(); ++t) QVERIFY(std::abs(result.tokenLosses[t] - losses[t]) < 1e-4);
    }

    void bits_per_byte_needs_two_tokens_and_bytes() {
        QVERIFY_EXCEPTION_THROWN(hullft::bitsPerByte(*model_, {65}, 1), hullft::Error);
        QVERIFY_EXCEPTION_THROWN(hullft::bitsPerByte(*model_, {65, 66}, 0), hullft::Error);
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

