#include "common/errors.h"
#include "datastore/hashed_ngram_embedder.h"
#include "datastore/lm_embedder.h"
#include "model/gpt2_model.h"
#include "tokenizer/byte_level_tokenizer.h"

// Qt after LibTorch: Qt's `slots` keyword macro would break torch headers.
#include <QtTest>

namespace {
// A small real LanguageModel: hidden state after layer L = embedding passed through L tanh layers.
class TinyModel : public hullft::LanguageModel {
public:
    explicit TinyModel(uint64_t seed) {
        torch::manual_seed(seed);
        embedding_ = torch::randn({256, 8});
        for (int i = 0; i < 2; ++i) layers_.push_back(torch::randn({8, 8}));
    }
    torch::Tensor logits(const torch::Tensor& ids, const torch::Tensor&) override {
        return torch::zeros({ids.size(0), ids.size(1), 256});
    }
    torch::Tensor hiddenStates(const torch::Tensor& ids, int layer) override {
        torch::Tensor h = embedding_.index_select(0, ids);
        for (int i = 0; i < layer; ++i) h = torch::tanh(h.matmul(layers_[i]));
        return h;
    }
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() override {
        return {{"wte.weight", embedding_}, {"h.0.w", layers_[0]}, {"h.1.w", layers_[1]}};
    }
    hullft::ParameterPlace placeOf(const std::string& name) const override {
        return {name.rfind("h.", 0) == 0 ? name[2] - '0' : -1, false};
    }
    torch::Tensor logitsWithCache(const torch::Tensor&, hullft::KvCache&) override {
        throw std::logic_error("TinyModel does not decode");
    }
    void setComputePrecision(hullft::ComputePrecision) override {}
    hullft::ComputePrecision computePrecision() const override { return hullft::ComputePrecision::Float32; }
    torch::nn::Module& module() override { return module_; }
    std::string architecture() const override { return "TinyModel"; }
    torch::Device device() const override { return torch::kCPU; }
    int64_t contextLength() const override { return 16; }
    int64_t hiddenSize() const override { return 8; }
    int numLayers() const override { return 2; }
    int64_t vocabSize() const override { return 256; }

private:
    torch::nn::Module module_;
    torch::Tensor embedding_;
    std::vector<torch::Tensor> layers_;
};

std::vector<int64_t> bytes(const std::string& text) { return hullft::ByteLevelTokenizer().encode(text); }

// A randomly initialised byte-level GPT-2 with a 64-token context.
std::shared_ptr<hullft::Gpt2Model> smallGpt2() {
    hullft::Gpt2Config config;
    config.n_layer = 2;
    config.n_head = 2;
    config.n_embd = 16;
    config.n_positions = 64;
    config.vocab_size = 257;
    torch::manual_seed(3);
    auto model = std::make_shared<hullft::Gpt2Model>(config);
    model->eval();
    return model;
}

// Sequences of lengths 1 .. beyond the context (truncated to 64), in no particular order.
std::vector<std::vector<int64_t>> mixedLengthSequences() {
    std::vector<std::vector<int64_t>> sequences;
    for (const int64_t length : {7, 1, 64, 30, 100, 2, 63, 1}) {
        std::vector<int64_t> ids;
        for (int64_t i = 0; i < length; ++i) ids.push_back((i * 37 + length * 11) % 257);
        sequences.push_back(ids);
    }
    return sequences;
}
}  // namespace

class EmbedderTest : public QObject {
    Q_OBJECT
private slots:
    void hashed_rows_are_unit_norm_and_deterministic() {
        hullft::HashedNgramEmbedder embedder(64);
        QCOMPARE(embedder.identity(), std::string("hashed-ngram-v1-d64"));
        const torch::Tensor a = embedder.embed({bytes("the quick brown fox"), bytes("ab"), bytes("x")});
        QCOMPARE(a.sizes(), (torch::IntArrayRef{3, 64}));
        QVERIFY(torch::allclose(a.norm(2, 1), torch::ones({3}), 1e-5, 1e-6));
        QVERIFY(torch::equal(a, embedder.embed({bytes("the quick brown fox"), bytes("ab"), bytes("x")})));
    }

    void hashed_embedding_puts_shared_wording_closer() {
        hullft::HashedNgramEmbedder embedder;
        const torch::Tensor v = embedder.embed({bytes("gradient descent on the training loss of a language model"),
                                                bytes("the language model is trained by gradient descent on its loss"),
                                                bytes("In the beginning God created the heaven and the earth.")});
        const double related = v[0].dot(v[1]).item<double>();
        const double unrelated = v[0].dot(v[2]).item<double>();
        QVERIFY2(related > unrelated + 0.2, (std::to_string(related) + " vs " + std::to_string(unrelated)).c_str());
    }

    void hashed_embedding_refuses_empty_sequences() {
        hullft::HashedNgramEmbedder embedder;
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, embedder.embed({{}}));
    }

    void lm_embedding_is_the_normalised_mean_hidden_state() {
        TinyModel model(1);
        hullft::LmEmbedder embedder(model, 1);
        const std::vector<int64_t> ids = bytes("hello");
        const torch::Tensor expected = model.hiddenStates(torch::tensor(ids), 1).mean(0);
        const torch::Tensor row = embedder.embed({ids})[0];
        QVERIFY(torch::allclose(row, expected / expected.norm(), 1e-5, 1e-6));
        QCOMPARE(embedder.dimension(), int64_t(8));
    }

    void lm_embedding_truncates_to_the_context() {
        TinyModel model(1);
        hullft::LmEmbedder embedder(model, 2);
        const std::string text(40, 'a');
        const torch::Tensor longer = embedder.embed({bytes(text + "zzzz")});
        const torch::Tensor truncated = embedder.embed({bytes(text.substr(0, 16))});
        QVERIFY(torch::allclose(longer, truncated));
    }

    void lm_batched_embedding_equals_one_sequence_at_a_time_data() {
        QTest::addColumn<int>("layer");
        QTest::newRow("after block 1") << 1;
        QTest::newRow("after the final LayerNorm") << 2;
    }
    void lm_batched_embedding_equals_one_sequence_at_a_time() {
        QFETCH(int, layer);
        torch::NoGradGuard noGrad;
        const auto model = smallGpt2();
        const std::vector<std::vector<int64_t>> sequences = mixedLengthSequences();
        const torch::Tensor batched = hullft::LmEmbedder(*model, layer).embed(sequences);  // one padded pass
        const torch::Tensor singly = hullft::LmEmbedder(*model, layer, 1).embed(sequences);  // one pass per sequence
        const torch::Tensor pairs = hullft::LmEmbedder(*model, layer, 128).embed(sequences);  // groups of similar lengths
        for (size_t row = 0; row < sequences.size(); ++row) {
            const int64_t length = std::min<int64_t>(64, static_cast<int64_t>(sequences[row].size()));
            const std::vector<int64_t> ids(sequences[row].begin(), sequences[row].begin() + length);
            const torch::Tensor mean = model->hiddenStates(torch::tensor(ids), layer).mean(0);
            const torch::Tensor expected = mean / mean.norm();
            const auto r = static_cast<int64_t>(row);
            const double difference = std::max({(batched[r] - expected).abs().max().item<double>(),
                                                (singly[r] - expected).abs().max().item<double>(),
                                                (pairs[r] - expected).abs().max().item<double>()});
            QVERIFY2(difference < 1e-5, ("row " + std::to_string(row) + " of length " + std::to_string(length) +
                                         " differs by " + std::to_string(difference)).c_str());
        }
    }

    void lm_identity_does_not_depend_on_the_batch_size() {
        const auto model = smallGpt2();
        QCOMPARE(hullft::LmEmbedder(*model, 2, 1).identity(), hullft::LmEmbedder(*model, 2).identity());
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::LmEmbedder(*model, 2, 0));
    }

    void lm_identity_names_weights_and_layer() {
        TinyModel a(1), b(2);
        const std::string identity = hullft::LmEmbedder(a, 1).identity();
        QVERIFY(identity.rfind("lm-", 0) == 0);
        QVERIFY(identity.find("-layer1-mean") != std::string::npos);
        QCOMPARE(hullft::LmEmbedder(a, 1).identity(), identity);
        QVERIFY(hullft::LmEmbedder(a, 2).identity() != identity);
        QVERIFY(hullft::LmEmbedder(b, 1).identity() != identity);
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::LmEmbedder(a, 3));
    }
};

QTEST_GUILESS_MAIN(EmbedderTest)
#include "embedder_test.moc"
