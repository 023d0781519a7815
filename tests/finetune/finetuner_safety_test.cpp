// Circuit breaker, BPB rejection, cancellation and bad input: each stops the adaptation and
// leaves the base weights bitwise intact.

#include <torch/torch.h>

#include <QtTest>
#include <cmath>
#include <thread>

#include "common/cancellation.h"
#include "common/errors.h"
#include "finetune/finetuner.h"
#include "finetune_test_support.h"
#include "reference_finetuning.h"
#include "tiny_causal_lm.h"

using namespace hullft;
using namespace hullft::test;

namespace {

constexpr int64_t kPoisonToken = 31;

// Pool sequences never contain the poison token; the last one is all poison.
std::vector<TrainingSequence> pool() {
    auto sequences = makeSequences({12, 9, 20, 7, 15, 11, 14, 10}, kPoisonToken);
    sequences.push_back({99, std::vector<int64_t>(6, kPoisonToken)});
    return sequences;
}
const TrainingSequence& poisoned(const std::vector<TrainingSequence>& sequences) { return sequences.back(); }

double baseLoss(TinyCausalLm& model, const TrainingSequence& sequence) {
    torch::NoGradGuard noGrad;
    return referenceLoss(model, sequence.token_ids).item<double>();
}

// A stand-in for the evaluator: bits per token of a fixed query (one token per byte).
double queryBits(LanguageModel& model) {
    torch::NoGradGuard noGrad;
    static const std::vector<int64_t> query{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
    return referenceLoss(model, query).item<double>() / std::log(2.0);
}

void verifyBaseRestored(TinyCausalLm& model, const NamedTensors& base) {
    QVERIFY(changedNames(base, cloneParameters(model)).empty());
    for (auto& entry : model.namedParameters()) QVERIFY(entry.second.requires_grad());
}

}  // namespace

class FinetunerSafetyTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void non_finite_loss_stops_restores_base_and_reports() {
        const auto sequences = pool();
        TinyCausalLm model;
        model.poison_token = kPoisonToken;
        const NamedTensors base = cloneParameters(model);
        RecordingObserver observer;
        const std::vector<TrainingSequence> order{sequences[0], sequences[0], poisoned(sequences),
                                                  sequences[1]};
        const FinetuneResult result = Finetuner(model).adapt(order, FinetuneSettings{}, hooks(&observer));
        QCOMPARE(observer.steps.size(), size_t{2});
        QCOMPARE(observer.breakers.size(), size_t{1});
        QCOMPARE(observer.breakers[0].step, 2);
        QVERIFY2(observer.breakers[0].reason.find("non-finite loss") != std::string::npos,
                 observer.breakers[0].reason.c_str());
        QVERIFY(observer.breakers[0].base_restored);
        QVERIFY(result.circuit_breaker.has_value());
        QVERIFY(!result.adapted);
        verifyBaseRestored(model, base);
    }

    void gradient_norm_above_bound_stops_restores_base_and_reports() {
        TinyCausalLm model;
        const NamedTensors base = cloneParameters(model);
        RecordingObserver observer;
        FinetuneSettings settings;
        settings.breaker.max_gradient_norm = 0.0;
        const FinetuneResult result =
            Finetuner(model).adapt(inOrder(pool(), {0, 1}), settings, hooks(&observer));
        QVERIFY(observer.steps.empty());
        QCOMPARE(observer.breakers.size(), size_t{1});
        QCOMPARE(observer.breakers[0].step, 0);
        QVERIFY2(observer.breakers[0].reason.find("gradient norm") != std::string::npos &&
                     observer.breakers[0].reason.find("above bound 0") != std::string::npos,
                 observer.breakers[0].reason.c_str());
        QVERIFY(!result.adapted);
        verifyBaseRestored(model, base);
    }

    void loss_rising_past_bound_stops_restores_base_and_reports() {
        const auto sequences = pool();
        TinyCausalLm model;
        size_t easiest = 0, hardest = 0;
        for (size_t i = 0; i + 1 < sequences.size(); ++i) {
            if (baseLoss(model, sequences[i]) < baseLoss(model, sequences[easiest])) easiest = i;
            if (baseLoss(model, sequences[i]) > baseLoss(model, sequences[hardest])) hardest = i;
        }
        const double gap = baseLoss(model, sequences[hardest]) - baseLoss(model, sequences[easiest]);
        QVERIFY2(gap > 0.2, "the tiny model must tell sequences apart for this test");
        const NamedTensors base = cloneParameters(model);
        RecordingObserver observer;
        FinetuneSettings settings;
        settings.breaker.max_loss_rise = gap / 2;
        const std::vector<TrainingSequence> order{sequences[easiest], sequences[easiest], sequences[hardest]};
        const FinetuneResult result = Finetuner(model).adapt(order, settings, hooks(&observer));
        QCOMPARE(observer.steps.size(), size_t{2});  // computed, reused; the hard one trips
        QCOMPARE(observer.breakers.size(), size_t{1});
        QCOMPARE(observer.breakers[0].step, 2);
        QVERIFY2(observer.breakers[0].reason.find("above the first loss") != std::string::npos,
                 observer.breakers[0].reason.c_str());
        QVERIFY(!result.adapted);
        verifyBaseRestored(model, base);
    }

    void bpb_regression_beyond_threshold_rejects_the_adaptation() {
        TinyCausalLm model;
        const NamedTensors base = cloneParameters(model);
        RecordingObserver observer;
        FinetuneSettings settings;
        settings.breaker.max_bpb_regression = -10.0;  // demands an impossible improvement
        const FinetuneResult result = Finetuner(model).adapt(inOrder(pool(), {0, 1, 1}), settings,
                                                             hooks(&observer, nullptr, queryBits));
        QCOMPARE(observer.steps.size(), size_t{3});
        QCOMPARE(observer.breakers.size(), size_t{1});
        QCOMPARE(observer.breakers[0].step, -1);
        QVERIFY2(observer.breakers[0].reason.find("answering from the base") != std::string::npos,
                 observer.breakers[0].reason.c_str());
        QVERIFY(!result.adapted);
        QVERIFY(result.base_bpb.has_value() && result.adapted_bpb.has_value());
        QVERIFY(*result.base_bpb != *result.adapted_bpb);
        verifyBaseRestored(model, base);
    }

    void bpb_within_threshold_keeps_the_adaptation() {
        TinyCausalLm model;
        const NamedTensors base = cloneParameters(model);
        RecordingObserver observer;
        FinetuneSettings settings;
        settings.breaker.max_bpb_regression = 10.0;
        const FinetuneResult result = Finetuner(model).adapt(inOrder(pool(), {0, 1, 1}), settings,
                                                             hooks(&observer, nullptr, queryBits));
        QVERIFY(observer.breakers.empty());
        QVERIFY(result.adapted);
        TinyCausalLm untouched;
        QCOMPARE(*result.base_bpb, queryBits(untouched));
        QVERIFY(!changedNames(base, cloneParameters(model)).empty());
    }

    void cancellation_from_another_thread_stops_within_one_step_and_restores() {
        TinyCausalLm model;
        const NamedTensors base = cloneParameters(model);
        CancellationToken token;
        // After the first step, another thread cancels; the observer returns once it has.
        struct CancelAfterFirstStep : RecordingObserver {
            CancellationToken* token = nullptr;
            void onFinetuneStep(const FinetuneStepEvent& event) override {
                RecordingObserver::onFinetuneStep(event);
                if (event.step == 0) std::thread([this] { token->cancel(); }).join();
            }
        } observer;
        observer.token = &token;
        bool cancelled = false;
        try {
            Finetuner(model).adapt(inOrder(pool(), {0, 1, 2, 3, 4, 5}), FinetuneSettings{},
                                   hooks(&observer, &token));
        } catch (const CancelledError&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(observer.steps.size(), size_t{1});
        QVERIFY(observer.breakers.empty());
        verifyBaseRestored(model, base);
    }

    void bad_input_is_rejected_before_any_weight_changes_data() {
        QTest::addColumn<int>("caseIndex");
        QTest::addColumn<QString>("expectedMessage");
        QTest::newRow("one token") << 0 << "training sequence 5: has length 1";
        QTest::newRow("token outside vocabulary")
            << 1 << "token id 32 at position 1 is outside the vocabulary";
        QTest::newRow("repeat with other tokens")
            << 2 << "repeats in the training order with different token ids";
        QTest::newRow("refresh interval zero") << 3 << "refresh_interval = 0";
        QTest::newRow("more blocks than layers") << 4 << "trainable.last_blocks = 3 must lie in [1, 2]";
        QTest::newRow("bpb bound without scorer") << 5 << "no query BPB scorer";
    }
    void bad_input_is_rejected_before_any_weight_changes() {
        QFETCH(int, caseIndex);
        QFETCH(QString, expectedMessage);
        const auto sequences = pool();
        std::vector<TrainingSequence> order{sequences[0], sequences[1]};
        FinetuneSettings settings;
        if (caseIndex == 0) order.push_back({5, {7}});
        if (caseIndex == 1) order.push_back({6, {1, 32, 3}});
        if (caseIndex == 2) order.push_back({sequences[0].sequence_id, sequences[1].token_ids});
        if (caseIndex == 3) settings.refresh_interval = 0;
        if (caseIndex == 4) settings.trainable = {TrainableSubset::Kind::LastBlocks, 3};
        if (caseIndex == 5) settings.breaker.max_bpb_regression = 0.0;
        TinyCausalLm model;
        const NamedTensors base = cloneParameters(model);
        RecordingObserver observer;
        try {
            Finetuner(model).adapt(order, settings, hooks(&observer));
            QFAIL("expected an InputError");
        } catch (const InputError& error) {
            QVERIFY2(QString::fromStdString(error.what()).contains(expectedMessage), error.what());
        }
        QVERIFY(observer.steps.empty());
        verifyBaseRestored(model, base);
    }
};

QTEST_GUILESS_MAIN(FinetunerSafetyTest)
#include "finetuner_safety_test.moc"
