// The fast selection code against straightforward implementations of core/selection/README.md written here:
// incremental integerization against one that recomputes L from scratch for every trial, and
// screened Frank-Wolfe against one that evaluates every row in float64. Decisions must be
// identical, so counts, multisets, supports and weights must be equal, not just close.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "selection/frank_wolfe.h"
#include "selection/gram_columns.h"
#include "selection/integerize.h"
#include "selection/vector_math.h"

using hullft::EmbeddingMatrix;

namespace {

// ---- integerization, every trial from scratch ------------------------------------------------

std::vector<int> naiveCounts(const EmbeddingMatrix& pool, const std::vector<double>& query,
                             const std::vector<int64_t>& support, std::vector<double> w, int n, int passes) {
    for (double& x : w) x = std::max(x, 0.0);
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    for (double& x : w) x = total > 0.0 ? x / total : 1.0 / w.size();
    if (support.size() == 1) return {n};
    const auto loss = [&](const std::vector<int>& c) { return hullft::reconstructionLoss(pool, query, support, c, n); };

    std::vector<int> c(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) c[i] = static_cast<int>(std::floor(n * w[i]));
    const int remaining = n - std::accumulate(c.begin(), c.end(), 0);
    for (int r = 0; r < remaining; ++r) {
        int best = -1;
        double bestLoss = 0.0;
        for (std::size_t i = 0; i < c.size(); ++i) {
            std::vector<int> trial = c;
            ++trial[i];
            const double l = loss(trial);
            if (best < 0 || l < bestLoss) best = static_cast<int>(i), bestLoss = l;
        }
        ++c[best];
    }
    double current = loss(c);
    for (int pass = 0; pass < passes; ++pass) {
        std::vector<std::size_t> sources;
        for (std::size_t i = 0; i < c.size(); ++i)
            if (c[i] > 0) sources.push_back(i);
        bool improved = false;
        for (const std::size_t i : sources)
            for (std::size_t j = 0; j < c.size(); ++j) {
                if (j == i) continue;
                std::vector<int> trial = c;
                --trial[i];
                ++trial[j];
                const double l = loss(trial);
                if (current - l > 1e-14) c = trial, current = l, improved = true;
            }
        if (!improved) break;
    }
    return c;
}

std::vector<double> randomUnit(std::mt19937_64& rng, std::size_t d) {
    std::normal_distribution<double> normal;
    std::vector<double> v(d);
    for (double& x : v) x = normal(rng);
    const double norm = std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    for (double& x : v) x /= norm;
    return v;
}

// Rows on a coarse lattice: many exactly equal inner products, so many exact ties.
std::vector<double> latticeUnit(std::mt19937_64& rng, std::size_t d) {
    std::uniform_int_distribution<int> coordinate(-1, 1);
    std::vector<double> v(d, 0.0);
    while (std::all_of(v.begin(), v.end(), [](double x) { return x == 0.0; }))
        for (double& x : v) x = coordinate(rng);
    const double norm = std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    for (double& x : v) x /= norm;
    return v;
}

struct Instance {
    EmbeddingMatrix pool;
    std::vector<double> query;
    std::vector<int64_t> support;
    std::vector<double> weights;
    int n = 1;
};

// Pools of random, lattice or duplicated rows; weights random, sparse, negative or all zero;
// queries random, inside the hull or equal to a row.
Instance randomInstance(std::mt19937_64& rng, int style) {
    std::uniform_int_distribution<int> nDist(1, 60), mDist(1, 60), dChoice(0, 4);
    const std::size_t d = std::vector<std::size_t>{2, 3, 5, 16, 48}[dChoice(rng)];
    Instance instance;
    instance.n = nDist(rng);
    const std::size_t m = mDist(rng);
    const std::size_t k = m + std::uniform_int_distribution<std::size_t>(0, 20)(rng);
    std::vector<double> values;
    std::vector<std::vector<double>> rows;
    for (std::size_t i = 0; i < k; ++i) {
        if (style == 2 && i > 0 && rng() % 2 == 0)
            rows.push_back(rows[rng() % rows.size()]);  // exact duplicate
        else
            rows.push_back(style == 1 ? latticeUnit(rng, d) : randomUnit(rng, d));
        values.insert(values.end(), rows.back().begin(), rows.back().end());
    }
    instance.pool = EmbeddingMatrix(k, d, values);

    std::vector<int64_t> rowsInOrder(k);
    std::iota(rowsInOrder.begin(), rowsInOrder.end(), 0);
    std::shuffle(rowsInOrder.begin(), rowsInOrder.end(), rng);
    instance.support.assign(rowsInOrder.begin(), rowsInOrder.begin() + m);

    std::exponential_distribution<double> exponential;
    const int weightStyle = static_cast<int>(rng() % 5);
    for (std::size_t i = 0; i < m; ++i) {
        double w = exponential(rng);
        if (weightStyle == 1 && rng() % 3 == 0) w = 0.0;
        if (weightStyle == 2 && rng() % 3 == 0) w = -w;
        if (weightStyle == 3) w = 0.0;
        if (weightStyle == 4) w = 1.0;
        instance.weights.push_back(w);
    }

    const int queryStyle = static_cast<int>(rng() % 3);
    if (queryStyle == 0) {
        instance.query = randomUnit(rng, d);
    } else if (queryStyle == 1) {
        instance.query.assign(d, 0.0);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < d; ++j) instance.query[j] += rows[instance.support[i]][j] / m;
    } else {
        instance.query = rows[instance.support[rng() % m]];
    }
    return instance;
}

std::vector<int64_t> expand(const std::vector<int64_t>& support, const std::vector<int>& counts) {
    std::vector<int64_t> multiset;
    for (std::size_t i = 0; i < support.size(); ++i)
        for (int c = 0; c < counts[i]; ++c) multiset.push_back(support[i]);
    return multiset;
}

// ---- Frank-Wolfe, every row in float64 -------------------------------------------------------

std::size_t plainArgmax(const EmbeddingMatrix& pool, const std::vector<double>& v) {
    std::size_t best = 0;
    double bestValue = -INFINITY;
    for (std::size_t i = 0; i < pool.rows(); ++i) {
        const double value = hullft::dot(pool.row(i), v.data(), pool.cols());
        if (value > bestValue) best = i, bestValue = value;
    }
    return best;
}

hullft::FrankWolfeResult plainFrankWolfe(const EmbeddingMatrix& pool, const std::vector<double>& q, int n) {
    const std::size_t d = pool.cols();
    const std::size_t start = plainArgmax(pool, q);
    std::vector<double> w(pool.rows(), 0.0), c(pool.row(start), pool.row(start) + d), r(d), v(d);
    w[start] = 1.0;
    std::vector<int64_t> support{static_cast<int64_t>(start)};
    hullft::FrankWolfeResult result;
    for (int it = 0; it < 250; ++it) {
        for (std::size_t k = 0; k < d; ++k) r[k] = q[k] - c[k];
        const double rn = std::sqrt(hullft::dot(r.data(), r.data(), d));
        if (rn < 1e-5) break;
        const std::size_t j = plainArgmax(pool, r);
        for (std::size_t k = 0; k < d; ++k) v[k] = pool.row(j)[k] - c[k];
        const double vv = hullft::dot(v.data(), v.data(), d);
        if (vv < 1e-12) break;
        const double gamma = std::clamp(hullft::dot(r.data(), v.data(), d) / vv, 0.0, 1.0);
        for (double& x : w) x *= 1.0 - gamma;
        w[j] += gamma;
        for (std::size_t k = 0; k < d; ++k) c[k] += gamma * v[k];
        result.trace.push_back({it, static_cast<int64_t>(j), gamma, rn});
        if (std::find(support.begin(), support.end(), static_cast<int64_t>(j)) == support.end()) support.push_back(j);
        if (support.size() >= static_cast<std::size_t>(n)) break;
    }
    std::sort(support.begin(), support.end(), [&](int64_t a, int64_t b) { return w[a] != w[b] ? w[a] > w[b] : a < b; });
    support.resize(std::min<std::size_t>(support.size(), n));
    for (const int64_t row : support) result.weights.push_back(w[row]);
    result.support = support;
    return result;
}

}  // namespace

class SelectionNaiveParityTest : public QObject {
    Q_OBJECT

private slots:
    void integerize_matches_from_scratch_reference_on_random_instances_data() {
        QTest::addColumn<int>("style");
        QTest::newRow("random rows") << 0;
        QTest::newRow("lattice rows (near-ties)") << 1;
        QTest::newRow("duplicated rows (exact ties)") << 2;
    }
    void integerize_matches_from_scratch_reference_on_random_instances() {
        QFETCH(int, style);
        std::mt19937_64 rng(20240 + style);
        int negativeCounts = 0;
        for (int trial = 0; trial < 150; ++trial) {
            const Instance in = randomInstance(rng, style);
            const int passes = static_cast<int>(rng() % 4);
            const std::vector<int> expected = naiveCounts(in.pool, in.query, in.support, in.weights, in.n, passes);
            const hullft::Integerization fast = hullft::integerize(in.pool, in.query, in.support, in.weights, in.n, passes);
            QVERIFY2(fast.counts == expected, qPrintable(QString("trial %1 (n %2, m %3)").arg(trial).arg(in.n).arg(in.support.size())));
            // A count of -1 lets the expansion run long; step 6 truncates it to N.
            std::vector<int64_t> multiset = expand(in.support, expected);
            multiset.resize(std::min<std::size_t>(multiset.size(), in.n));
            QVERIFY(fast.multiset == multiset);
            negativeCounts += std::any_of(expected.begin(), expected.end(), [](int c) { return c < 0; });
        }
        qInfo("instances where the reference's quirk left a count of -1: %d", negativeCounts);
    }

    // Columns asked for in groups reuse the entries of columns held already (symmetry). Each must
    // be what a pass over every row gives, bit for bit, and within the error bound of float64.
    // K and d are not multiples of the block sizes, and the passes are large enough for threads.
    void gram_columns_do_not_depend_on_the_order_they_are_computed_in() {
        std::mt19937_64 rng(11);
        const std::size_t k = 203, d = 1030;
        std::vector<double> values;
        for (std::size_t i = 0; i < k; ++i) {
            const std::vector<double> row = randomUnit(rng, d);
            values.insert(values.end(), row.begin(), row.end());
        }
        const EmbeddingMatrix pool(k, d, values);
        std::vector<std::size_t> order(k);
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        order.resize(60);

        hullft::GramColumns grouped(pool);
        for (std::size_t first = 0; first < order.size();) {
            const std::size_t last = std::min(order.size(), first + 1 + rng() % 7);
            grouped.compute({order.begin() + first, order.begin() + last});
            first = last;
        }
        for (const std::size_t j : order) {
            hullft::GramColumns alone(pool);
            alone.compute({j});
            QVERIFY2(grouped.has(j), qPrintable(QString("column %1 not computed").arg(j)));
            QVERIFY2(grouped.column(j) == alone.column(j), qPrintable(QString("column %1 differs").arg(j)));
            for (std::size_t i = 0; i < k; ++i) {
                const double exact = hullft::dot(pool.row(i), pool.row(j), d);
                QVERIFY(std::abs(grouped.column(j)[i] - exact) <= grouped.errorBound() * pool.rowNorm(i) * pool.rowNorm(j));
            }
        }
    }

    void frank_wolfe_matches_plain_float64_loop_on_random_pools() {
        std::mt19937_64 rng(7);
        for (int trial = 0; trial < 200; ++trial) {
            const int style = trial % 3;
            const Instance in = randomInstance(rng, style);
            const int n = 1 + static_cast<int>(rng() % 40);
            const hullft::FrankWolfeResult expected = plainFrankWolfe(in.pool, in.query, n);
            const hullft::FrankWolfeResult fast = hullft::frankWolfe(in.pool, in.query, {n, 250, 1e-5});
            QVERIFY2(fast.support == expected.support, qPrintable(QString("trial %1").arg(trial)));
            QVERIFY(fast.weights == expected.weights);
            QCOMPARE(fast.trace.size(), expected.trace.size());
            for (std::size_t i = 0; i < fast.trace.size(); ++i) {
                QCOMPARE(fast.trace[i].chosen_row, expected.trace[i].chosen_row);
                QCOMPARE(fast.trace[i].gamma, expected.trace[i].gamma);
                QCOMPARE(fast.trace[i].residual_norm, expected.trace[i].residual_norm);
            }
        }
    }
};

QTEST_GUILESS_MAIN(SelectionNaiveParityTest)
#include "selection_naive_parity_test.moc"
