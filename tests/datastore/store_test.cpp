#include "common/errors.h"
#include "common/json_io.h"
#include "common/sqlite_database.h"
#include "datastore/hashed_ngram_embedder.h"
#include "datastore/store.h"
#include "datastore/store_builder.h"
#include "datastore/store_manifest.h"
#include "store_fixtures.h"
#include "tokenizer/byte_level_tokenizer.h"

// Qt after LibTorch: Qt's `slots` keyword macro would break torch headers.
#include <QTemporaryDir>
#include <QtTest>

namespace {
const std::string kData = HULLFT_TEST_DATA_DIR "/datastore";

// Embeds like the hashed embedder and cancels the token after `batches` batches, as a user
// pressing Stop mid-build would.
class CancellingEmbedder : public hullft::HashedNgramEmbedder {
public:
    CancellingEmbedder(hullft::CancellationToken& token, int batches) : HashedNgramEmbedder(64), token_(token), left_(batches) {}
    torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) override {
        if (--left_ <= 0) token_.cancel();
        return HashedNgramEmbedder::embed(sequences);
    }

private:
    hullft::CancellationToken& token_;
    int left_;
};

struct Fixture {
    QTemporaryDir dir;
    hullft::ByteLevelTokenizer tokenizer;
    hullft::HashedNgramEmbedder embedder{64};

    Fixture() { store_fixtures::writeCorpus(dir.filePath("corpus"), 60, 3000); }
    std::string path(const char* name) const { return dir.filePath(name).toStdString(); }
    hullft::DocumentSource corpus() const { return {hullft::DocumentSource::Kind::Corpus, path("corpus"), "", ""}; }
    hullft::StoreBuildOptions options(const char* store) const {
        hullft::StoreBuildOptions o;
        o.store_dir = path(store);
        o.max_tokens = 256;
        o.batch_size = 8;
        return o;
    }
    hullft::StoreBuildReport build(const char* store) {
        return hullft::buildStore(hullft::StoreBuildMode::Build, {corpus()}, options(store), tokenizer, embedder, nullptr, nullptr);
    }
    // A build stopped by its CancellationToken after `batches` embedding batches.
    void buildCancelled(const char* store, int batches) {
        hullft::CancellationToken token;
        CancellingEmbedder cancelling(token, batches);
        QVERIFY_THROWS_EXCEPTION(hullft::CancelledError, hullft::buildStore(hullft::StoreBuildMode::Build, {corpus()}, options(store),
                                                                             tokenizer, cancelling, nullptr, &token));
    }
};

std::vector<std::string> column(const std::string& database, const std::string& sql) {
    hullft::SqliteDatabase db(database, hullft::SqliteDatabase::Mode::ReadOnly);
    hullft::SqliteStatement select = db.prepare(sql);
    std::vector<std::string> values;
    while (select.step()) values.emplace_back(select.text(0));
    return values;
}

void requireSameStore(const std::string& a, const std::string& b) {
    QCOMPARE(hullft::readFileBytes(a + "/index.faiss"), hullft::readFileBytes(b + "/index.faiss"));
    for (const char* sql : {"SELECT id || ' ' || document_id || ' ' || text FROM sequences ORDER BY id",
                            "SELECT sequence_id || ' ' || hex(vector) FROM embeddings ORDER BY sequence_id",
                            "SELECT id || sha256 || path FROM documents ORDER BY id"})
        QCOMPARE(column(a + "/store.sqlite", sql), column(b + "/store.sqlite", sql));
}
}  // namespace

class StoreTest : public QObject {
    Q_OBJECT
private slots:
    void built_store_counts_documents_and_sequences_per_domain() {
        Fixture f;
        const hullft::StoreBuildReport report = f.build("store");
        const hullft::Store store = hullft::Store::open(f.path("store"));
        const hullft::StoreManifest& m = store.manifest();
        QCOMPARE(m.documents, int64_t(60));
        QVERIFY(m.sequences > 60 * 10);
        QCOMPARE(m.domains.size(), size_t(3));
        QCOMPARE(m.domains.at("alpha").documents, int64_t(20));
        int64_t sequences = 0;
        for (const auto& [name, counts] : m.domains) sequences += counts.sequences;
        QCOMPARE(sequences, m.sequences);
        QCOMPARE(m.embedder_identity, std::string("hashed-ngram-v1-d64"));
        QCOMPARE(m.recipe_sha256, std::string(64, 'a'));
        QCOMPARE(m.index_kind, std::string("flat"));
        QCOMPARE(report.embedded_now, m.sequences);
        const hullft::SequenceRecord record = store.sequence(5);
        QCOMPARE(record.package.substr(0, 4), std::string("pkg-"));
        QCOMPARE(record.licence, std::string("CC0"));
        QVERIFY(record.tokens <= 256 && record.tokens == int64_t(record.text.size()));
        QVERIFY(!QDir(QString::fromStdString(f.path("store.partial"))).exists());
    }

    void preselect_returns_the_true_top_k() {
        Fixture f;
        f.build("store");
        const hullft::Store store = hullft::Store::open(f.path("store"));
        const torch::Tensor q = f.embedder.embed({f.tokenizer.encode("gradient step on the loss of the model")});
        const std::vector<float> query(q.data_ptr<float>(), q.data_ptr<float>() + q.numel());
        std::vector<std::pair<float, int64_t>> brute;
        for (int64_t id = 0; id < store.manifest().sequences; ++id) {
            const std::vector<float> v = store.storedVector(id);
            float s = 0;
            for (size_t j = 0; j < v.size(); ++j) s += v[j] * query[j];
            brute.emplace_back(-s, id);
        }
        std::sort(brute.begin(), brute.end());
        const hullft::SearchResult found = store.preselect(query, 200);
        QCOMPARE(found.ids.size(), size_t(200));
        // Same scores in the same order (up to float rounding), each the true score of its id.
        for (size_t i = 0; i < 200; ++i) {
            QVERIFY(std::abs(found.scores[i] + brute[i].first) < 1e-5);
            const auto it = std::find_if(brute.begin(), brute.end(), [&](const auto& b) { return b.second == found.ids[i]; });
            QVERIFY(std::abs(found.scores[i] + it->first) < 1e-5);
        }
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, store.preselect(std::vector<float>(3, 0.f), 10));
    }

    void cancelled_build_resumes_to_an_identical_store() {
        Fixture f;
        f.build("reference");
        f.buildCancelled("store", 5);
        QVERIFY(!QDir(QString::fromStdString(f.path("store"))).exists());
        const auto partialVectors = column(f.path("store.partial") + "/store.sqlite", "SELECT COUNT(*) FROM embeddings");
        QVERIFY(std::stoi(partialVectors[0]) > 0);
        const hullft::StoreBuildReport resumed = f.build("store");
        QVERIFY(resumed.resumed);
        QVERIFY(resumed.embedded_now < resumed.manifest.sequences);
        requireSameStore(f.path("reference"), f.path("store"));
    }

    void interrupted_rebuild_leaves_the_good_store_in_place() {
        Fixture f;
        const hullft::StoreManifest good = f.build("store").manifest;
        store_fixtures::writeCorpus(f.dir.filePath("corpus"), 90, 3000);  // new inputs: a fresh build
        f.buildCancelled("store", 5);
        QCOMPARE(hullft::Store::open(f.path("store")).manifest().documents, good.documents);
        QVERIFY(f.build("store").resumed);  // the partial build was for these inputs
    }

    void interrupted_swap_is_repaired() {
        Fixture f;
        f.build("store");
        QVERIFY(QDir().rename(QString::fromStdString(f.path("store")), QString::fromStdString(f.path("store.old"))));
        hullft::repairInterruptedSwap(f.path("store"));
        QCOMPARE(hullft::Store::open(f.path("store")).manifest().documents, int64_t(60));
        QVERIFY(!QDir(QString::fromStdString(f.path("store.old"))).exists());
    }

    void store_of_another_embedder_is_refused() {
        Fixture f;
        f.build("store");
        const hullft::Store store = hullft::Store::open(f.path("store"));
        store.requireEmbedder("hashed-ngram-v1-d64");
        try {
            store.requireEmbedder("lm-0123456789abcdef-layer4-mean");
            QFAIL("expected an InputError");
        } catch (const hullft::InputError& e) {
            QVERIFY2(QString(e.what()).contains("hashed-ngram-v1-d64") && QString(e.what()).contains("lm-0123456789abcdef"), e.what());
        }
        hullft::HashedNgramEmbedder other(32);
        const hullft::DocumentSource pile{hullft::DocumentSource::Kind::Jsonl, kData + "/pile.jsonl", "", ""};
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::buildStore(hullft::StoreBuildMode::Ingest, {pile}, f.options("store"),
                                                                           f.tokenizer, other, nullptr, nullptr));
    }

    void ingest_adds_pile_jsonl_and_text_folders_with_provenance() {
        Fixture f;
        f.build("store");
        const hullft::DocumentSource pile{hullft::DocumentSource::Kind::Jsonl, kData + "/pile.jsonl", "", "CC-BY"};
        const hullft::StoreBuildReport report = hullft::buildStore(hullft::StoreBuildMode::Ingest, {pile}, f.options("store"),
                                                                   f.tokenizer, f.embedder, nullptr, nullptr);
        QCOMPARE(report.manifest.documents, int64_t(63));
        QCOMPARE(report.manifest.domains.at("Wikipedia (en)").documents, int64_t(1));
        QCOMPARE(report.manifest.domains.at("jsonl").documents, int64_t(1));
        QCOMPARE(report.duplicate_texts, int64_t(1));
        QCOMPARE(report.issues.size(), size_t(3));
        QVERIFY2(QString::fromStdString(report.issues[0]).contains("pile.jsonl:3: malformed JSON"), report.issues[0].c_str());
        QVERIFY(QString::fromStdString(report.issues[1]).contains("pile.jsonl:5: missing field 'text'"));
        QVERIFY(QString::fromStdString(report.issues[2]).contains("pile.jsonl:6: empty text"));
        const hullft::Store store = hullft::Store::open(f.path("store"));
        const hullft::SequenceRecord first = store.sequence(report.manifest.sequences - 3);
        QCOMPARE(first.text, std::string("Pile document one."));
        QCOMPARE(first.path, kData + "/pile.jsonl");
        QCOMPARE(first.part, std::string("line 1"));
        QCOMPARE(first.licence, std::string("CC-BY"));

        const hullft::DocumentSource folder{hullft::DocumentSource::Kind::TextFolder, kData + "/texts", "", ""};
        const hullft::StoreBuildReport more = hullft::buildStore(hullft::StoreBuildMode::Ingest, {folder}, f.options("store"),
                                                                 f.tokenizer, f.embedder, nullptr, nullptr);
        QCOMPARE(more.manifest.domains.at("texts").documents, int64_t(2));
        const hullft::StoreBuildReport again = hullft::buildStore(hullft::StoreBuildMode::Ingest, {folder}, f.options("store"),
                                                                  f.tokenizer, f.embedder, nullptr, nullptr);
        QCOMPARE(again.duplicate_ids, int64_t(2));
        QCOMPARE(again.manifest.documents, more.manifest.documents);
    }

    // Found by datastore_store_manifest_fuzz_test (its seed regression-huge-embedding-layer): a
    // number outside its field's type was converted with undefined behaviour (-1.1e59 or 1e20
    // into an int), wrapped (2^64 - 1 into -1) or truncated (1.5).
    void manifest_numbers_outside_their_field_are_refused_data() {
        QTest::addColumn<QByteArray>("manifest");
        QTest::addColumn<QString>("problem");
        const std::string seeds = kData + "/fuzz_corpus/store_manifest/";
        const nlohmann::json good =
            nlohmann::json::parse(hullft::readFileBytes(seeds + "imported_l2.manifest.json"));
        const auto with = [&](const std::string& pointer, const nlohmann::json& value) {
            nlohmann::json manifest = good;
            manifest[nlohmann::json::json_pointer(pointer)] = value;
            return QByteArray::fromStdString(manifest.dump());
        };
        const std::string fuzzerFound = hullft::readFileBytes(seeds + "regression-huge-embedding-layer.manifest.json");
        QTest::newRow("huge negative layer")
            << QByteArray::fromStdString(fuzzerFound)
            << QString("embedding_layer must be a whole number from -1 to 2147483647, not -1.1111111111111112e+59");
        QTest::newRow("layer 1e20") << with("/embedding_layer", 1e20)
                                    << QString("embedding_layer must be a whole number");
        QTest::newRow("dimension 2^64 - 1")
            << with("/dimension", std::numeric_limits<uint64_t>::max())
            << QString("dimension must be a whole number from 1 to 9223372036854775807");
        QTest::newRow("fractional documents")
            << with("/documents", 1.5) << QString("documents must be a whole number");
        QTest::newRow("negative domain count")
            << with("/domains/ArXiv/sequences", -3)
            << QString("domains.ArXiv.sequences must be a whole number from 0");
    }
    void manifest_numbers_outside_their_field_are_refused() {
        QFETCH(QByteArray, manifest);
        QFETCH(QString, problem);
        try {
            hullft::storeManifestFromJson(manifest.toStdString(), "manifest.json");
            QFAIL("expected an InputError");
        } catch (const hullft::InputError& e) {
            QVERIFY2(QString(e.what()).startsWith("manifest.json: bad store manifest: " + problem), e.what());
        }
    }

    void missing_store_is_a_clear_input_error() {
        QTemporaryDir dir;
        try {
            hullft::Store::open(dir.filePath("nothing").toStdString());
            QFAIL("expected an InputError");
        } catch (const hullft::InputError& e) {
            QVERIFY(QString(e.what()).contains("no datastore here"));
        }
    }
};

QTEST_GUILESS_MAIN(StoreTest)
#include "store_test.moc"
