// K < N: fewer candidates than training steps. The reference handles it (the multiset repeats
// points), and so do hullft and fw-pad here; kNN trains on every candidate once (fewer than N
// steps) and SIFT, which repeats points anyway, still picks N times.
//
// The hand-checkable case: K = 6 candidates in d = 3, the unit axes e1, e2, e3 and their
// opposites, and the query q = (1, 1, 1) / sqrt(3). The point of the candidates' hull nearest q
// is the centroid of e1, e2, e3 (q projects onto that triangle's centre), so Frank-Wolfe's support
// is those three rows, each with weight 1/3; no opposite axis ever helps. Integerization with
// N = 20: floor(20 / 3) = 6 each (18 units), the 2 remaining units go one each to two of the
// points (a second unit on the same point moves the mean further from the centroid), and no swap
// of one unit between a 7 and a 6 lowers the loss (it only permutes the counts): counts 7, 7, 6.
// Largest remainder gives the same: remainders 2/3 each, the two units to two of them.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>

#include "selection/hullft_select.h"
#include "selection/knn.h"
#include "selection/largest_remainder.h"
#include "selection/sift.h"

namespace {

constexpr int kN = 20;

hullft::EmbeddingMatrix axesAndOpposites() {
    return hullft::EmbeddingMatrix(6, 3, {1, 0, 0, 0, 1, 0, 0, 0, 1, -1, 0, 0, 0, -1, 0, 0, 0, -1});
}

const std::vector<double> kQuery(3, 1.0 / std::sqrt(3.0));

// How often each row appears, largest first.
std::vector<int> sortedCounts(const std::vector<int64_t>& multiset) {
    std::vector<int> counts;
    for (const int64_t row : std::set<int64_t>(multiset.begin(), multiset.end()))
        counts.push_back(static_cast<int>(std::count(multiset.begin(), multiset.end(), row)));
    std::sort(counts.rbegin(), counts.rend());
    return counts;
}

}  // namespace

class SelectionFewerCandidatesTest : public QObject {
    Q_OBJECT
private slots:
    void hullft_with_6_candidates_and_20_steps_counts_7_7_6() {
        const hullft::HullftSelection selection = hullft::hullftSelect(axesAndOpposites(), kQuery, {kN, 250, 1e-5, 2});
        std::vector<int64_t> support = selection.reconstruction.support;
        std::sort(support.begin(), support.end());
        QCOMPARE(support, (std::vector<int64_t>{0, 1, 2}));
        for (const double weight : selection.reconstruction.weights) QVERIFY(std::abs(weight - 1.0 / 3.0) < 1e-12);
        const std::vector<int64_t>& multiset = selection.integerization.multiset;
        QCOMPARE(multiset.size(), size_t(kN));
        QCOMPARE(std::set<int64_t>(multiset.begin(), multiset.end()), (std::set<int64_t>{0, 1, 2}));
        QCOMPARE(sortedCounts(multiset), (std::vector<int>{7, 7, 6}));
        // Each point's copies are consecutive, in support order (HullFT step 3, expand).
        for (size_t i = 1; i < multiset.size(); ++i)
            if (multiset[i] != multiset[i - 1]) QVERIFY(std::count(multiset.begin() + i, multiset.end(), multiset[i - 1]) == 0);
    }

    void fw_pad_with_6_candidates_and_20_steps_counts_7_7_6() {
        const hullft::FrankWolfeResult fw = hullft::frankWolfe(axesAndOpposites(), kQuery, {kN, 250, 1e-5});
        const std::vector<int64_t> multiset = hullft::largestRemainderMultiset(fw.support, fw.weights, kN);
        QCOMPARE(multiset.size(), size_t(kN));
        QCOMPARE(std::set<int64_t>(multiset.begin(), multiset.end()), (std::set<int64_t>{0, 1, 2}));
        QCOMPARE(sortedCounts(multiset), (std::vector<int>{7, 7, 6}));
    }

    // Two candidates, N = 5: the whole multiset on the two, whatever their weights.
    void integerization_fills_n_counts_from_fewer_points() {
        const hullft::EmbeddingMatrix pool(2, 2, {1, 0, 0, 1});
        const std::vector<double> query = {0.8, 0.6};
        const hullft::HullftSelection selection = hullft::hullftSelect(pool, query, {5, 250, 1e-5, 2});
        QCOMPARE(selection.integerization.multiset.size(), size_t(5));
        int total = 0;
        for (const int count : selection.integerization.counts) total += count;
        QCOMPARE(total, 5);
    }

    void knn_trains_on_every_candidate_once_best_first() {
        const hullft::KnnResult knn = hullft::knnSelect(axesAndOpposites(), kQuery, kN);
        QCOMPARE(knn.indices, (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));  // equal scores keep row order
        QCOMPARE(knn.scores.size(), size_t(6));
        QVERIFY(knn.scores[0] > 0 && knn.scores[5] < 0);
    }

    void sift_still_picks_n_times_from_fewer_candidates() {
        const hullft::SiftResult sift = hullft::siftSelect(axesAndOpposites(), kQuery, {kN, 0.2, true});
        QCOMPARE(sift.indices.size(), size_t(kN));
        QCOMPARE(sift.values.size(), size_t(kN));
        for (const int64_t row : sift.indices) QVERIFY(row >= 0 && row < 6);
    }
};

QTEST_GUILESS_MAIN(SelectionFewerCandidatesTest)
#include "selection_fewer_candidates_test.moc"
