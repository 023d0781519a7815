#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "common/json_io.h"
#include "datastore/faiss_index.h"

namespace {
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

// Brute force: ids of the k largest inner products, best first (ties by lower id).
std::vector<int64_t> bruteTopK(const std::vector<float>& rows, const float* query, int64_t d, int64_t k) {
    const int64_t n = static_cast<int64_t>(rows.size()) / d;
    std::vector<std::pair<double, int64_t>> scored;
    for (int64_t i = 0; i < n; ++i) {
        double s = 0;
        for (int64_t j = 0; j < d; ++j) s += double(rows[i * d + j]) * query[j];
        scored.emplace_back(-s, i);
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
        const hullft::VectorIndex index = hullft::VectorIndex::build(rows.data(), n, d, {});
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
        const hullft::VectorIndex index = hullft::VectorIndex::build(rows.data(), n, d, options);
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
        hullft::VectorIndex::build(rows.data(), n, d, options).save(a);
        hullft::VectorIndex::build(rows.data(), n, d, options).save(b);
        QCOMPARE(hullft::readFileBytes(a), hullft::readFileBytes(b));
        const hullft::VectorIndex loaded = hullft::VectorIndex::load(a);
        QCOMPARE(loaded.size(), n);
        QCOMPARE(loaded.kind(), std::string("ivf"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);  // no temporary left
    }

    void k_larger_than_the_index_returns_every_row() {
        const auto rows = unitRows(5, 4, 6);
        const hullft::VectorIndex index = hullft::VectorIndex::build(rows.data(), 5, 4, {});
        QCOMPARE(index.search(rows.data(), 200).ids.size(), size_t(5));
        QCOMPARE(index.search(rows.data(), 200).ids[0], int64_t(0));
    }
};

QTEST_GUILESS_MAIN(FaissIndexTest)
#include "faiss_index_test.moc"
