#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sqlite_database.h"
#include "datastore/published_index_layout.h"
#include "datastore/store.h"
#include "datastore/store_import.h"
#include "datastore/store_verification.h"
#include "published_shards.h"

namespace {

constexpr int64_t kDimension = 16;

hullft::StoreImportOptions importOptions(const QTemporaryDir& dir, const std::string& layout, const char* store = "store") {
    hullft::StoreImportOptions options;
    options.layout = layout;
    options.source_dir = dir.filePath("published").toStdString();
    options.store_dir = dir.filePath(store).toStdString();
    options.embedder_identity = "test-embedder-d16";
    options.embedder_description = "a test embedder";
    options.dimension = kDimension;
    options.tokenizer = "bytes";
    options.max_tokens = 512;
    options.batch_rows = 16;
    return options;
}

std::vector<std::string> column(const std::string& store, const std::string& sql) {
    hullft::SqliteDatabase db(store + "/store.sqlite", hullft::SqliteDatabase::Mode::ReadOnly);
    hullft::SqliteStatement select = db.prepare(sql);
    std::vector<std::string> values;
    while (select.step()) values.emplace_back(select.text(0));
    return values;
}

}  // namespace

class StoreImportTest : public QObject {
    Q_OBJECT
private slots:
    void both_layouts_import_every_line_with_its_provenance_vector_and_metric() {
        for (const std::string layout : {"hullft", "tttlm"}) {
            QTemporaryDir dir;
            const auto rows = published_shards::write(dir.filePath("published").toStdString(), layout, 3, 40, kDimension, 15);
            const hullft::StoreImportReport report = hullft::importStore(importOptions(dir, layout), nullptr, nullptr);
            QCOMPARE(report.manifest.sequences, int64_t(120));
            QCOMPARE(report.manifest.documents, int64_t(119));  // row 7 repeats row 2's text
            QCOMPARE(report.duplicate_texts, int64_t(1));
            QCOMPARE(report.manifest.metric, std::string("l2"));
            QCOMPARE(report.manifest.index_kind, std::string("flat"));
            QCOMPARE(report.manifest.embedder_identity, std::string("test-embedder-d16"));
            QCOMPARE(report.manifest.sources.size(), size_t(3));
            const hullft::Store store = hullft::Store::open(dir.filePath("store").toStdString());
            for (const int64_t id : {int64_t(0), int64_t(3), int64_t(7), int64_t(41), int64_t(119)}) {
                const hullft::SequenceRecord record = store.sequence(id);
                QCOMPARE(record.text, rows.texts[id]);
                QCOMPARE(record.domain, id == 7 ? rows.domains[2] : rows.domains[id]);  // a repeat keeps the first provenance
                QCOMPARE(record.path, id == 7 ? rows.paths[2] : rows.paths[id]);
                QCOMPARE(record.part, "line " + std::to_string(id == 7 ? rows.lines[2] : rows.lines[id]));
                const std::vector<float> vector = store.storedVector(id);
                QVERIFY(std::equal(vector.begin(), vector.end(), rows.vectors.begin() + id * kDimension));
            }
            QVERIFY(hullft::verifyStore(dir.filePath("store").toStdString(), 0, nullptr, nullptr).ok());
        }
    }

    void top_k_equals_faiss_search_over_the_published_shards() {
        QTemporaryDir dir;
        const auto rows = published_shards::write(dir.filePath("published").toStdString(), "tttlm", 3, 200, kDimension, 64);
        hullft::importStore(importOptions(dir, "tttlm"), nullptr, nullptr);
        hullft::StoreImportOptions pq = importOptions(dir, "tttlm", "store-ivfpq");
        pq.index.kind = "ivfpq";
        pq.index.nlist = 8;
        pq.index.nprobe = 8;
        hullft::importStore(pq, nullptr, nullptr);
        const hullft::Store exact = hullft::Store::open(dir.filePath("store").toStdString());
        hullft::Store compressed = hullft::Store::open(dir.filePath("store-ivfpq").toStdString());
        QCOMPARE(compressed.index().kind(), std::string("ivfpq"));
        compressed.setRerankFactor(30);  // K * 30 >= 600 rows: every row is re-ranked exactly
        std::mt19937_64 random(5);
        std::normal_distribution<float> normal;
        for (int q = 0; q < 10; ++q) {
            std::vector<float> query(kDimension);
            for (float& v : query) v = normal(random) * 3.0f;
            const std::vector<int64_t> authors = published_shards::searchShards(rows, query.data(), 20);
            const hullft::SearchResult found = exact.preselect(query, 20);
            QCOMPARE(found.ids, authors);
            QVERIFY(std::is_sorted(found.scores.begin(), found.scores.end()));  // squared distances, nearest first
            const hullft::SearchResult reranked = compressed.preselect(query, 20);
            QCOMPARE(reranked.ids, authors);
            QCOMPARE(reranked.scores, found.scores);  // re-ranked scores are the exact ones
        }
    }

    void an_interrupted_import_resumes_to_the_same_store() {
        QTemporaryDir dir;
        const std::string published = dir.filePath("published").toStdString();
        published_shards::write(published, "hullft", 2, 100, kDimension);
        hullft::importStore(importOptions(dir, "hullft", "reference"), nullptr, nullptr);
        // Line 51 of the second shard (row 150) stops the import after the batches before it
        // were committed; put back as it was (same bytes, same time), the import resumes.
        const std::string shard = published + "/01.jsonl";
        const std::string original = hullft::readFileBytes(shard);
        const auto modified = std::filesystem::last_write_time(shard);
        size_t line51 = 0;
        for (int i = 0; i < 50; ++i) line51 = original.find('\n', line51) + 1;
        std::string broken = original;
        broken[line51] = '[';
        std::ofstream(shard, std::ios::binary | std::ios::trunc) << broken;
        std::filesystem::last_write_time(shard, modified);
        hullft::StoreImportOptions options = importOptions(dir, "hullft");
        options.batch_rows = 4;
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::importStore(options, nullptr, nullptr));
        QVERIFY(!std::filesystem::exists(dir.filePath("store").toStdString()));
        QCOMPARE(column(dir.filePath("store.partial").toStdString(), "SELECT COUNT(*) FROM sequences"), std::vector<std::string>{"148"});
        std::ofstream(shard, std::ios::binary | std::ios::trunc) << original;
        std::filesystem::last_write_time(shard, modified);
        const hullft::StoreImportReport resumed = hullft::importStore(options, nullptr, nullptr);
        QVERIFY(resumed.resumed);
        QCOMPARE(resumed.imported_now, int64_t(200 - 148));
        const std::string store = dir.filePath("store").toStdString(), reference = dir.filePath("reference").toStdString();
        QCOMPARE(hullft::readFileBytes(store + "/index.faiss"), hullft::readFileBytes(reference + "/index.faiss"));
        for (const char* sql : {"SELECT id || ' ' || document_id || ' ' || position || ' ' || text FROM sequences ORDER BY id",
                                "SELECT sequence_id || hex(vector) FROM embeddings ORDER BY sequence_id",
                                "SELECT document_id || sequences_sha256 FROM document_digests ORDER BY document_id"})
            QCOMPARE(column(store, sql), column(reference, sql));
    }

    void inconsistent_folders_are_refused_naming_the_file() {
        QTemporaryDir dir;
        const std::string published = dir.filePath("published").toStdString();
        published_shards::write(published, "tttlm", 2, 30, kDimension, 10);
        auto refusal = [&](const std::string& layout) -> std::string {
            try {
                hullft::importStore(importOptions(dir, layout), nullptr, nullptr);
            } catch (const hullft::InputError& e) {
                return e.what();
            }
            return "";
        };
        QVERIFY(refusal("hullft").find("import it with --layout tttlm") != std::string::npos);
        std::filesystem::remove(published + "/pile/train/01.jsonl-10-20.index");  // a gap
        QVERIFY2(refusal("tttlm").find("01.jsonl-20-30.index: starts at line 20") != std::string::npos, refusal("tttlm").c_str());

        QTemporaryDir other;
        const std::string folder = other.filePath("published").toStdString();
        published_shards::write(folder, "hullft", 1, 30, kDimension);
        std::ofstream(folder + "/00.jsonl", std::ios::app) << "{\"text\": \"one line too many\"}\n";
        auto refusalOf = [&](hullft::StoreImportOptions options) -> std::string {
            try {
                hullft::importStore(options, nullptr, nullptr);
            } catch (const hullft::InputError& e) {
                return e.what();
            }
            return "";
        };
        QVERIFY(refusalOf(importOptions(other, "hullft")).find("has 31 lines but its index files hold 30 vectors") != std::string::npos);

        QTemporaryDir third;
        const std::string bad = third.filePath("published").toStdString();
        published_shards::write(bad, "hullft", 1, 30, kDimension);
        hullft::StoreImportOptions wrongDimension = importOptions(third, "hullft");
        wrongDimension.dimension = 32;
        QVERIFY(refusalOf(wrongDimension).find("dimension 16 but the embedder gives 32") != std::string::npos);
        std::string lines = hullft::readFileBytes(bad + "/00.jsonl");
        lines.replace(lines.find("{\"meta\""), 1, "[");  // line 1 is no longer JSON
        std::ofstream(bad + "/00.jsonl", std::ios::binary | std::ios::trunc) << lines;
        std::filesystem::remove_all(third.filePath("store.partial").toStdString());
        QVERIFY2(refusalOf(importOptions(third, "hullft")).find("00.jsonl:1: is not JSON") != std::string::npos,
                 refusalOf(importOptions(third, "hullft")).c_str());
    }

    void the_layouts_name_their_embedding_model() {
        QTemporaryDir dir;
        published_shards::write(dir.filePath("a").toStdString(), "hullft", 1, 5, kDimension);
        published_shards::write(dir.filePath("b").toStdString(), "tttlm", 1, 5, kDimension, 2);
        QCOMPARE(hullft::publishedEmbeddingModel("hullft", dir.filePath("a").toStdString()),
                 std::string("socialfoundations/roberta-large-pile-lr2e-5-bs16-8gpu-1700000"));
        QCOMPARE(hullft::publishedEmbeddingModel("tttlm", dir.filePath("b").toStdString()),
                 std::string("models/roberta-large-pile-lr2e-5-bs16-8gpu/checkpoint-1700000"));
    }
};

QTEST_GUILESS_MAIN(StoreImportTest)
#include "store_import_test.moc"
