// The finetuner on the real GPT-2 module (core/model/gpt2_model.h, a small configuration):
// gradient reuse equals the authors' loop step by step, the forward-backward count follows the
// formula, and restoring the base is bitwise, as on the tiny test model.

#include <torch/torch.h>

#include <QtTest>

#include "finetune/finetuner.h"
#include "finetune_test_support.h"
#include "model/gpt2_model.h"
#include "reference_finetuning.h"

using namespace hullft;
using namespace hullft::test;

namespace {

constexpr double kTestLearningRate = 1e-3;

FinetuneSettings settingsWith(int refreshInterval) {
    FinetuneSettings settings;
    settings.refresh_interval = refreshInterval;
    settings.learning_rate = kTestLearningRate;
    return settings;
}

std::vector<TrainingSequence> pool() { return makeSequences({40, 17, 64, 9, 30}, 97); }

}  // namespace

class FinetunerGpt2Test : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reuse_on_gpt2_equals_clone_dictionary_reference_after_every_step_data() {
        QTest::addColumn<int>("refreshInterval");
        QTest::newRow("standard r1") << 1;
        QTest::newRow("reuse r2") << 2;
        QTest::newRow("reuse r3") << 3;
    }
    void reuse_on_gpt2_equals_clone_dictionary_reference_after_every_step() {
        QFETCH(int, refreshInterval);
        // Counts 4, 3, 2, 1 as the paper's multisets: interleaved, the finetuner groups them.
        const auto order = inOrder(pool(), {0, 1, 0, 2, 1, 0, 3, 1, 2, 0});
        const auto model = smallGpt2();
        const auto reference = smallGpt2();
        RecordingObserver observer(model.get());
        const FinetuneResult result = Finetuner(*model).adapt(order, settingsWith(refreshInterval), hooks(&observer));
        const auto expected = referenceReuseLoop(*reference, order, refreshInterval, kTestLearningRate);
        QCOMPARE(observer.weights_after_step.size(), expected.size());
        for (size_t step = 0; step < expected.size(); ++step)
            QVERIFY2(allClose(observer.weights_after_step[step], expected[step]), qPrintable(QString("step %1").arg(step)));
        int passes = 0;
        for (const int count : {4, 3, 2, 1}) passes += (count + refreshInterval - 1) / refreshInterval;
        QCOMPARE(result.computed_steps, passes);
    }

    void restoring_gpt2_after_adaptation_is_bitwise() {
        const auto model = smallGpt2();
        const NamedTensors before = cloneParameters(*model);
        Finetuner finetuner(*model);
        finetuner.adapt(inOrder(pool(), {2, 2, 4, 1}), settingsWith(2));
        QVERIFY(!changedNames(before, cloneParameters(*model)).empty());
        finetuner.restoreBase();
        for (const auto& [name, tensor] : cloneParameters(*model))
            QVERIFY2(torch::equal(tensor, before.at(name)), name.c_str());
    }
};

QTEST_GUILESS_MAIN(FinetunerGpt2Test)
#include "finetuner_gpt2_test.moc"
