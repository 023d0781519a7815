// The service's base-weights check on the embedded default model: one changed bit anywhere, a
// value moved to another position, or two parameters' values swapped are caught; putting the
// weights back passes again.
#include "common/errors.h"
#include "model/load_language_model.h"
#include "serve/base_weights_check.h"
#include <QtTest>  // after LibTorch, whose headers use the name Qt defines as `slots`

class BaseWeightsCheckTest : public QObject {
    Q_OBJECT
    std::shared_ptr<hullft::LanguageModel> model_;

    torch::Tensor parameter(size_t index) { return model_->namedParameters().at(index).second; }

private slots:
    void initTestCase() { model_ = hullft::loadLanguageModel(HULLFT_SOURCE_DIR "/resources/models/default"); }

    void the_fingerprint_is_stable_and_the_loaded_weights_pass() {
        const hullft::serve::BaseWeightsCheck check(*model_);
        QCOMPARE(check.fingerprint().size(), size_t(32));
        QCOMPARE(hullft::serve::BaseWeightsCheck(*model_).fingerprint(), check.fingerprint());
        check.verify();
    }

    void one_flipped_bit_is_caught_and_restoring_passes() {
        const hullft::serve::BaseWeightsCheck check(*model_);
        torch::NoGradGuard noGrad;
        const torch::Tensor last = parameter(model_->namedParameters().size() - 1).view(-1);
        const torch::Tensor bits = last.view(torch::kInt32);
        const int32_t original = bits[7].item<int32_t>();
        bits[7] = original ^ 1;  // the lowest mantissa bit of one value
        QVERIFY_THROWS_EXCEPTION(hullft::Error, check.verify());
        bits[7] = original;
        check.verify();
    }

    void moved_values_are_caught() {
        const hullft::serve::BaseWeightsCheck check(*model_);
        torch::NoGradGuard noGrad;
        const torch::Tensor flat = parameter(0).view(-1);
        const torch::Tensor saved = flat.slice(0, 0, 2).clone();
        QVERIFY(saved[0].item<float>() != saved[1].item<float>());
        flat.slice(0, 0, 2).copy_(saved.flip(0));  // the same values, the plain sum unchanged
        QVERIFY_THROWS_EXCEPTION(hullft::Error, check.verify());
        flat.slice(0, 0, 2).copy_(saved);
        check.verify();
    }
};

QTEST_APPLESS_MAIN(BaseWeightsCheckTest)
#include "base_weights_check_test.moc"
