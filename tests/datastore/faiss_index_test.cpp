#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "common/errors.h"
#include "common/json_io.h"
#include "datastore/faiss_index.h"

namespace {
hullft::VectorIndex buildIndex(const std::vector<float>& rows, int64_t n, int64_t d, const hullft::VectorIndexOptions& options,
                               const QTemporaryDir& dir, const char* name = "index.faiss") {
    return hullft::VectorIndex::build(hullft::MatrixRows(rows.data(), n, d), options, dir.filePath(name).toStdString());
}

std::vector<float> unitRows(int64_t n, int64_t d, uint64_t seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<float> normal;
    std::vector<float> rows(static_cast<size_t>(n * d));
    for (int64_t i = 0; i < n; ++i) {
        double norm = 0;
        for (int64_t j = 0; j < d; ++j) norm += std::pow(rows[i * d + j] = normal(random), 2);
        for (int64_t j = 0; j < d; ++j) rows[i * d + j] /= static_cast<float>(std::sqrt(norm));
    }
    return rows;
}

// Brute force: ids of the k largest inner products (or smallest L2 distances), best first
// (ties by lower id).
std::vector<int64_t> bruteTopK(const std::vector<float>& rows, const float* query, int64_t d, int64_t k, bool l2 = false) {
    const int64_t n = static_cast<int64_t>(rows.size()) / d;
    std::vector<std::pair<double, int64_t>> scored;
    for (int64_t i = 0; i < n; ++i) {
        double s = 0;
        for (int64_t j = 0; j < d; ++j) s += l2 ? std::pow(double(rows[i * d + j]) - query[j], 2) : -double(rows[i * d + j]) * query[j];
        scored.emplace_back(s, i);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<int64_t> ids;
    for (int64_t i = 0; i < k; ++i) ids.push_back(scored[i].second);
    return ids;
}
}  // namespace

class FaissIndexTest : public QObject {
    Q_OBJECT
private slots:
    void flat_preselect_returns_the_true_top_k() {
        const int64_t n = 3000, d = 32;
        const auto rows = unitRows(n, d, 1);
        const auto queries = unitRows(20, d, 2);
        QTemporaryDir dir;
        const hullft::VectorIndex index = buildIndex(rows, n, d, {}, dir);
        QCOMPARE(index.kind(), std::string("flat"));
        for (int q = 0; q < 20; ++q) {
            const hullft::SearchResult found = index.search(queries.data() + q * d, 200);
            QCOMPARE(found.ids, bruteTopK(rows, queries.data() + q * d, d, 200));
            QVERIFY(std::is_sorted(found.scores.rbegin(), found.scores.rend()));
        }
    }

    void ivf_above_threshold_probing_all_lists_is_exact() {
        const int64_t n = 3000, d = 32;
        const auto rows = unitRows(n, d, 3);
        const auto query = unitRows(1, d, 4);
        hullft::VectorIndexOptions options;
        options.ivf_threshold = 1000;
        options.nlist = 16;
        options.nprobe = 16;
        QTemporaryDir dir;
        const hullft::VectorIndex index = buildIndex(rows, n, d, options, dir);
        QCOMPARE(index.kind(), std::string("ivf"));
        QCOMPARE(index.search(query.data(), 50).ids, bruteTopK(rows, query.data(), d, 50));
    }

    void saved_index_reloads_and_same_vectors_give_same_bytes() {
        const int64_t n = 2000, d = 16;
        const auto rows = unitRows(n, d, 5);
        hullft::VectorIndexOptions options;
        options.ivf_threshold = 1000;
        QTemporaryDir dir;
        const std::string a = dir.filePath("a.faiss").toStdString(), b = dir.filePath("b.faiss").toStdString();
        options.slice_rows = 300;  // several slices: adding in slices must not change the index
        buildIndex(rows, n, d, options, dir, "a.faiss");
        options.slice_rows = n;
        buildIndex(rows, n, d, options, dir, "b.faiss");
        QCOMPARE(hullft::readFileBytes(a), hullft::readFileBytes(b));
        const hullft::VectorIndex loaded = hullft::VectorIndex::load(a);
        QCOMPARE(loaded.size(), n);
        QCOMPARE(loaded.kind(), std::string("ivf"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);  // no temporary left
    }

    void k_larger_than_the_index_returns_every_row() {
        const auto rows = unitRows(5, 4, 6);
        QTemporaryDir dir;
        const hullft::VectorIndex index = buildIndex(rows, 5, 4, {}, dir);
        QCOMPARE(index.search(rows.data(), 200).ids.size(), size_t(5));
        QCOMPARE(index.search(rows.data(), 200).ids[0], int64_t(0));
    }

    void l2_flat_ranks_by_squared_distance_on_unnormalised_rows() {
        const int64_t n = 2000, d = 16;
        auto rows = unitRows(n, d, 7);
        for (int64_t i = 0; i < n * d; ++i) rows[i] *= 1.0f + static_cast<float>(i / d % 13);  // norms 1..13
        const auto query = unitRows(1, d, 8);
        hullft::VectorIndexOptions options;
        options.metric = "l2";
        QTemporaryDir dir;
        const hullft::VectorIndex index = buildIndex(rows, n, d, options, dir);
        QCOMPARE(index.metric(), std::string("l2"));
        const hullft::SearchResult found = index.search(query.data(), 100);
        QCOMPARE(found.ids, bruteTopK(rows, query.data(), d, 100, true));
        QVERIFY(std::is_sorted(found.scores.begin(), found.scores.end()));
        QVERIFY(found.ids != bruteTopK(rows, query.data(), d, 100, false));  // the metric matters here
    }

    void ivfpq_keeps_its_lists_in_the_file_and_rows_match_their_codes() {
        const int64_t n = 6000, d = 32;
        const auto rows = unitRows(n, d, 9);
        hullft::VectorIndexOptions options;
        options.kind = "ivfpq";
        options.nlist = 16;
        options.nprobe = 16;
        options.slice_rows = 1000;
        QTemporaryDir dir;
        buildIndex(rows, n, d, options, dir, "a.faiss");
        buildIndex(rows, n, d, options, dir, "b.faiss");
        QCOMPARE(hullft::readFileBytes(dir.filePath("a.faiss").toStdString()), hullft::readFileBytes(dir.filePath("b.faiss").toStdString()));
        hullft::VectorIndex index = hullft::VectorIndex::load(dir.filePath("a.faiss").toStdString());
        QCOMPARE(index.kind(), std::string("ivfpq"));
        QVERIFY(index.quantized());
        QCOMPARE(index.size(), n);
        // Codes are approximate: the true nearest row is among the first few proposals.
        const hullft::SearchResult found = index.search(rows.data() + 17 * d, 10);
        QVERIFY(std::find(found.ids.begin(), found.ids.end(), int64_t(17)) != found.ids.end());
        index.prepareRowLookup();
        for (const int64_t id : {int64_t(0), int64_t(17), n - 1}) QVERIFY(index.rowMatches(id, rows.data() + id * d));
        std::vector<float> changed(rows.begin() + 17 * d, rows.begin() + 18 * d);
        changed[3] += 0.5f;
        QVERIFY(!index.rowMatches(17, changed.data()));
        QVERIFY(!index.rowMatches(n, rows.data()));
    }

    void auto_kind_follows_size_thresholds() {
        const int64_t n = 3000, d = 16;
        const auto rows = unitRows(n, d, 10);
        hullft::VectorIndexOptions options;
        options.ivf_threshold = 1000;
        options.ivfpq_threshold_bytes = n * d * 4 + 1;
        QTemporaryDir dir;
        QCOMPARE(buildIndex(rows, n, d, options, dir).kind(), std::string("ivf"));
        options.ivfpq_threshold_bytes = n * d * 4;
        QCOMPARE(buildIndex(rows, n, d, options, dir).kind(), std::string("ivfpq"));
        options.ivf_threshold = n + 1;
        QCOMPARE(buildIndex(rows, n, d, options, dir).kind(), std::string("flat"));
    }

    void flat_rows_match_exactly() {
        const auto rows = unitRows(50, 8, 11);
        QTemporaryDir dir;
        hullft::VectorIndex index = buildIndex(rows, 50, 8, {}, dir);
        index.prepareRowLookup();
        QVERIFY(index.rowMatches(49, rows.data() + 49 * 8));
        QVERIFY(!index.rowMatches(48, rows.data() + 49 * 8));
    }

    void bad_pq_size_and_unknown_kind_are_refused() {
        const auto rows = unitRows(500, 12, 12);
        hullft::VectorIndexOptions options;
        options.kind = "ivfpq";
        options.pq_bytes = 5;  // does not divide 12
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, buildIndex(rows, 500, 12, options, dir));
        options.kind = "hnsw";
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, buildIndex(rows, 500, 12, options, dir));
    }

    // Checked before a build embeds anything, so a typo does not cost the whole embedding stage.
    void unusable_options_are_refused_up_front() {
        hullft::requireUsableIndexOptions({}, 12);
        hullft::VectorIndexOptions options;
        options.kind = "hnsw";
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::requireUsableIndexOptions(options, 12));
        options.kind = "ivfpq";
        options.pq_bytes = 5;
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::requireUsableIndexOptions(options, 12));
        options.pq_bytes = 3;
        hullft::requireUsableIndexOptions(options, 12);
        options.metric = "cosine";
        QVERIFY_THROWS_EXCEPTION(hullft::InputError, hullft::requireUsableIndexOptions(options, 12));
    }
};

QTEST_GUILESS_MAIN(FaissIndexTest)
#include "faiss_index_test.moc"
