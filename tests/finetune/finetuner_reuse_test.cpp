// Gradient reuse, restore and parameter subsets of the finetuner on a tiny GPT-2-shaped model,
// checked against reference loops written in reference_finetuning.h.

#include <torch/torch.h>

#include <cmath>

#include <QtTest>

#include "finetune/finetuner.h"
#include "finetune/gradient_cache.h"
#include "finetune/parameter_subset.h"
#include "finetune_test_support.h"
#include "reference_finetuning.h"
#include "tiny_causal_lm.h"

using namespace hullft;
using namespace hullft::test;

Q_DECLARE_METATYPE(std::vector<int64_t>)

namespace {

constexpr double kTestLearningRate = 1e-3;  // large enough that a wrong gradient shows

FinetuneSettings settingsWith(int refreshInterval, double learningRate = kTestLearningRate) {
    FinetuneSettings settings;
    settings.refresh_interval = refreshInterval;
    settings.learning_rate = learningRate;
    return settings;
}

std::vector<TrainingSequence> pool() { return makeSequences({12, 9, 20, 7, 15, 11}, TinyConfig{}.vocab); }

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

}  // namespace

class FinetunerReuseTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refresh_interval_one_equals_plain_loop_on_grouped_order() {
        const auto order = inOrder(pool(), {3, 1, 3, 0, 1, 3, 5});
        TinyCausalLm model, reference;
        RecordingObserver observer(&model);
        Finetuner(model).adapt(order, settingsWith(1), hooks(&observer));
        const auto expected = referencePlainLoop(reference, groupedOrder(order), kTestLearningRate);
        QCOMPARE(observer.weights_after_step.size(), expected.size());
        for (size_t step = 0; step < expected.size(); ++step)
            QVERIFY2(allClose(observer.weights_after_step[step], expected[step]),
                     qPrintable(QString("step %1").arg(step)));
    }

    void reuse_equals_clone_dictionary_reference_after_every_step_data() {
        QTest::addColumn<std::vector<int64_t>>("order");
        QTest::addColumn<int>("refreshInterval");
        QTest::newRow("r2 multiset") << std::vector<int64_t>{2, 2, 0, 2, 4, 0, 2, 2, 5} << 2;
        QTest::newRow("r3 multiset") << std::vector<int64_t>{1, 1, 1, 1, 3, 1, 3, 3, 1} << 3;
        QTest::newRow("r2 paper counts 3,2,1") << std::vector<int64_t>{0, 0, 0, 1, 1, 2} << 2;
    }
    void reuse_equals_clone_dictionary_reference_after_every_step() {
        QFETCH(std::vector<int64_t>, order);
        QFETCH(int, refreshInterval);
        const auto sequences = inOrder(pool(), order);
        TinyCausalLm model, reference;
        RecordingObserver observer(&model);
        Finetuner(model).adapt(sequences, settingsWith(refreshInterval), hooks(&observer));
        const auto expected = referenceReuseLoop(reference, sequences, refreshInterval, kTestLearningRate);
        QCOMPARE(observer.weights_after_step.size(), expected.size());
        for (size_t step = 0; step < expected.size(); ++step)
            QVERIFY2(allClose(observer.weights_after_step[step], expected[step]),
                     qPrintable(QString("step %1").arg(step)));
    }

    void forward_backward_passes_equal_sum_of_ceil_counts_over_r_data() {
        QTest::addColumn<std::vector<int64_t>>("order");
        QTest::addColumn<int>("refreshInterval");
        QTest::addColumn<int>("expectedPasses");
        // Paper multiset: counts 5,4,3,2,2,2,1,1 -> r=2: 3+2+2+1+1+1+1+1 = 12 passes for 20 steps.
        const std::vector<int64_t> paper{0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 0, 1};
        QTest::newRow("distinct r2") << std::vector<int64_t>{0, 1, 2, 3} << 2 << 4;
        QTest::newRow("interleaved r2")
            << std::vector<int64_t>{0, 1, 0, 1, 0} << 2 << ceilDiv(3, 2) + ceilDiv(2, 2);
        QTest::newRow("paper-like r1") << paper << 1 << 20;
        QTest::newRow("paper-like r2") << paper << 2 << ceilDiv(6, 2) + ceilDiv(5, 2) + 2 + 1 + 1 + 1;
        QTest::newRow("paper-like r3") << paper << 3 << ceilDiv(6, 3) + ceilDiv(5, 3) + 1 + 1 + 1 + 1;
    }
    void forward_backward_passes_equal_sum_of_ceil_counts_over_r() {
        QFETCH(std::vector<int64_t>, order);
        QFETCH(int, refreshInterval);
        QFETCH(int, expectedPasses);
        TinyCausalLm model;
        const FinetuneResult result =
            Finetuner(model).adapt(inOrder(pool(), order), settingsWith(refreshInterval));
        QCOMPARE(static_cast<int>(model.input_shapes.size()), expectedPasses);
        QCOMPARE(result.computed_steps, expectedPasses);
        QCOMPARE(result.steps, static_cast<int>(order.size()));
        QCOMPARE(result.reused_steps, static_cast<int>(order.size()) - expectedPasses);
    }

    void reused_steps_still_change_the_weights() {
        TinyCausalLm model;
        RecordingObserver observer(&model);
        Finetuner(model).adapt(inOrder(pool(), {4, 4, 4, 4}), settingsWith(4, 5e-5), hooks(&observer));
        QCOMPARE(observer.steps.size(), size_t{4});
        for (size_t step = 1; step < 4; ++step) {
            QVERIFY(!observer.steps[step].computed);
            QVERIFY(!changedNames(observer.weights_after_step[step - 1], observer.weights_after_step[step])
                         .empty());
            QVERIFY(observer.steps[step].update_norm > 0.0);
        }
    }

    // The update norm an event reports is how far the step moved the weights.
    void update_norm_is_the_norm_of_the_weight_change() {
        TinyCausalLm model;
        const NamedTensors start = cloneParameters(model);
        RecordingObserver observer(&model);
        Finetuner(model).adapt(inOrder(pool(), {0, 1, 0, 2}), settingsWith(2, 1e-3), hooks(&observer));
        QCOMPARE(observer.steps.size(), size_t{4});
        for (size_t step = 0; step < 4; ++step) {
            const NamedTensors& before = step == 0 ? start : observer.weights_after_step[step - 1];
            double squared = 0.0;
            for (const auto& [name, after] : observer.weights_after_step[step])
                squared += (after.to(torch::kFloat64) - before.at(name).to(torch::kFloat64)).square().sum().item<double>();
            const double expected = std::sqrt(squared);
            QVERIFY(expected > 0.0);
            QVERIFY2(std::abs(observer.steps[step].update_norm - expected) <= 1e-6 * expected,
                     qPrintable(QString("step %1: %2 vs %3").arg(step).arg(observer.steps[step].update_norm).arg(expected)));
        }
    }

    void each_sequence_is_processed_alone_at_its_own_length_without_padding() {
        const auto sequences = pool();
        TinyCausalLm model;
        FinetuneSettings settings = settingsWith(1);
        settings.max_length = 16;  // sequence 2 (20 tokens) is truncated, none is padded
        Finetuner(model).adapt(inOrder(sequences, {0, 2, 3, 2}), settings);
        const std::vector<std::vector<int64_t>> expected{{1, 12}, {1, 16}, {1, 16}, {1, 7}};
        QCOMPARE(model.input_shapes, expected);
        for (const bool maskGiven : model.attention_mask_given) QVERIFY(!maskGiven);
    }

    void events_carry_flags_counts_and_monotone_cumulative_statistics() {
        TinyCausalLm model;
        RecordingObserver observer(&model);
        const FinetuneResult result =
            Finetuner(model).adapt(inOrder(pool(), {5, 3, 5, 5, 1, 3, 5}), settingsWith(2), hooks(&observer));
        // Grouped: 5 x4, 3 x2, 1 x1 -> computed, reused, computed, reused, computed, reused, computed.
        const std::vector<int64_t> ids{5, 5, 5, 5, 3, 3, 1};
        const std::vector<bool> computed{true, false, true, false, true, false, true};
        const std::vector<bool> cacheHeld{true, false, true, false, true, false, false};
        QCOMPARE(observer.steps.size(), ids.size());
        int64_t hits = 0, misses = 0;
        for (size_t k = 0; k < ids.size(); ++k) {
            const FinetuneStepEvent& e = observer.steps[k];
            QCOMPARE(e.step, static_cast<int>(k));
            QCOMPARE(e.total_steps, 7);
            QCOMPARE(e.sequence_id, ids[k]);
            QCOMPARE(e.computed, bool(computed[k]));
            QCOMPARE(e.loss.has_value(), bool(computed[k]));
            (computed[k] ? misses : hits) += 1;
            QCOMPARE(e.cache_hits, hits);
            QCOMPARE(e.cache_misses, misses);
            QCOMPARE(e.cache_bytes > 0, bool(cacheHeld[k]));
            if (!computed[k]) QCOMPARE(e.gradient_norm, observer.steps[k - 1].gradient_norm);
            QVERIFY(e.gradient_norm > 0.0 && e.update_norm > 0.0 && e.wall_seconds >= 0.0);
            QCOMPARE(e.learning_rate, kTestLearningRate);
            QCOMPARE(e.parameter_digest.size(), size_t{64});
            if (k > 0) QVERIFY(e.parameter_digest != observer.steps[k - 1].parameter_digest);
            QVERIFY(std::isfinite(e.seconds_saved));
        }
        QCOMPARE(result.computed_steps, 4);
        QCOMPARE(result.reused_steps, 3);
        QCOMPARE(static_cast<int>(result.losses.size()), 4);
        QCOMPARE(result.final_loss, observer.steps.back().loss);
        QVERIFY(result.adapted);
        // Every parameter trains, so a computed step leaves one float32 gradient per weight; the
        // cache holds exactly those tensors, no copy.
        const int64_t gradientBytes = selectTrainable(model, TrainableSubset{}).bytes();
        QCOMPARE(result.gradient_bytes, gradientBytes);
        QCOMPARE(result.peak_cache_bytes, gradientBytes);
    }

    void without_reuse_the_gradients_are_measured_but_nothing_is_cached() {
        TinyCausalLm model;
        const FinetuneResult result = Finetuner(model).adapt(inOrder(pool(), {5, 3, 5}), settingsWith(1));
        QCOMPARE(result.reused_steps, 0);
        QCOMPARE(result.gradient_bytes, selectTrainable(model, TrainableSubset{}).bytes());
        QCOMPARE(result.peak_cache_bytes, int64_t{0});
    }

    void gradient_cache_refuses_a_gradient_changed_before_reuse() {
        TinyCausalLm model;
        const ParameterSubset trainable = selectTrainable(model, TrainableSubset{});
        GradientCache cache(trainable);
        referenceLoss(model, pool()[0].token_ids).backward();
        cache.hold(1.5);
        QCOMPARE(cache.reuse(), 1.5);
        QCOMPARE(cache.bytes(), trainable.bytes());
        trainable.tensors[3].mutable_grad().mul_(2.0);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, cache.reuse());
        cache.release();
        QCOMPARE(cache.bytes(), int64_t{0});
    }

    void restore_after_a_query_is_bitwise_equal_on_every_parameter_and_buffer() {
        TinyCausalLm model;
        const NamedTensors parameters = cloneParameters(model);
        const NamedTensors buffers = cloneBuffers(model);
        Finetuner finetuner(model);
        finetuner.adapt(inOrder(pool(), {0, 1, 1, 2}), settingsWith(2, 5e-5));
        QVERIFY(!changedNames(parameters, cloneParameters(model)).empty());
        finetuner.restoreBase();
        QVERIFY(changedNames(parameters, cloneParameters(model)).empty());
        QVERIFY(changedNames(buffers, cloneBuffers(model)).empty());
        for (auto& entry : model.namedParameters()) {
            QVERIFY(entry.second.requires_grad());
            QVERIFY(!entry.second.grad().defined());
        }
    }

    void each_query_starts_from_the_base_with_a_new_optimizer() {
        TinyCausalLm model, fresh;
        Finetuner finetuner(model);
        finetuner.adapt(inOrder(pool(), {0, 1, 1}), settingsWith(2));
        finetuner.adapt(inOrder(pool(), {2, 3, 2}), settingsWith(2));  // no restore in between
        Finetuner(fresh).adapt(inOrder(pool(), {2, 3, 2}), settingsWith(2));
        QVERIFY(changedNames(cloneParameters(model), cloneParameters(fresh)).empty());
    }

    void trainable_subset_changes_only_the_selected_parameters_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("expectedChanged");
        QStringList lastBlock, biasAndNorm;
        TinyCausalLm model;
        for (auto& [name, tensor] : model.namedParameters()) {
            const QString n = QString::fromStdString(name);
            if (n.startsWith("h.1.") || n.startsWith("ln_f.")) lastBlock << n;
            if (n.endsWith(".bias") || n.contains("ln_")) biasAndNorm << n;
        }
        QTest::newRow("last block") << int(TrainableSubset::Kind::LastBlocks) << lastBlock;
        QTest::newRow("bias and layernorm") << int(TrainableSubset::Kind::BiasAndLayerNorm) << biasAndNorm;
    }
    void trainable_subset_changes_only_the_selected_parameters() {
        QFETCH(int, kind);
        QFETCH(QStringList, expectedChanged);
        TinyCausalLm model;
        const NamedTensors before = cloneParameters(model);
        FinetuneSettings settings = settingsWith(2, 5e-5);
        settings.trainable.kind = static_cast<TrainableSubset::Kind>(kind);
        settings.trainable.last_blocks = 1;
        Finetuner(model).adapt(inOrder(pool(), {0, 1, 1, 2}), settings);
        QStringList changed;
        for (const std::string& name : changedNames(before, cloneParameters(model)))
            changed << QString::fromStdString(name);
        changed.sort();
        expectedChanged.sort();
        QCOMPARE(changed, expectedChanged);
        for (auto& entry : model.namedParameters()) QVERIFY(entry.second.requires_grad());
    }
};

QTEST_GUILESS_MAIN(FinetunerReuseTest)
#include "finetuner_reuse_test.moc"
