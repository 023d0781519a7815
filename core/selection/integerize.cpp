#include "selection/integerize.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "selection/vector_math.h"

namespace hullft {
namespace {

constexpr double kSwapGain = 1e-14;  // a swap must lower L by more than this (the reference's rule)
constexpr double kNearTie = 1e-12;   // closer than this, the from-scratch loss decides

// Step 1: negative weights clipped, renormalised to sum 1 (uniform if all are 0).
std::vector<double> normalisedWeights(const std::vector<double>& weights) {
    std::vector<double> clipped(weights.size());
    std::transform(weights.begin(), weights.end(), clipped.begin(), [](double w) { return std::max(w, 0.0); });
    const double total = std::accumulate(clipped.begin(), clipped.end(), 0.0);
    if (total <= 0.0) return std::vector<double>(weights.size(), 1.0 / static_cast<double>(weights.size()));
    for (double& w : clipped) w /= total;
    return clipped;
}

// The counts with L(c) tracked through e.Y_i (the residual's inner products with the support
// rows) and the support's Gram matrix: L(c + unit moves) - L(c) is O(1) from them.
class IncrementalLoss {
public:
    IncrementalLoss(const EmbeddingMatrix& pool, const std::vector<double>& query,
                    const std::vector<int64_t>& support, std::vector<int> counts, int n)
        : pool_(pool), query_(query), support_(support), counts_(std::move(counts)), n_(n),
          m_(support.size()), gram_(m_ * m_), residualProducts_(m_) {
        const std::size_t d = pool.cols();
        fillSupportGram(pool, support);
        for (std::size_t i = 0; i < m_; ++i) {
            double combined = 0.0;
            for (std::size_t j = 0; j < m_; ++j) combined += counts_[j] * gram_[i * m_ + j];
            residualProducts_[i] = dot(query.data(), pool.row(support[i]), d) - combined / n_;
        }
    }

    std::size_t size() const { return m_; }
    const std::vector<int>& counts() const { return counts_; }

    // L(c + e_j) - L(c) = -2 e.Y_j / N + |Y_j|^2 / N^2
    double addDelta(std::size_t j) const {
        return -2.0 * residualProducts_[j] / n_ + gram(j, j) / (double(n_) * n_);
    }
    // L(c - e_i + e_j) - L(c) = -2 e.(Y_j - Y_i) / N + |Y_j - Y_i|^2 / N^2
    double moveDelta(std::size_t from, std::size_t to) const {
        return -2.0 * (residualProducts_[to] - residualProducts_[from]) / n_ +
               (gram(to, to) - 2.0 * gram(from, to) + gram(from, from)) / (double(n_) * n_);
    }
    void add(std::size_t j) {
        ++counts_[j];
        for (std::size_t k = 0; k < m_; ++k) residualProducts_[k] -= gram(k, j) / n_;
    }
    void move(std::size_t from, std::size_t to) {
        --counts_[from];
        ++counts_[to];
        for (std::size_t k = 0; k < m_; ++k) residualProducts_[k] += (gram(k, from) - gram(k, to)) / n_;
    }

    // From-scratch losses, for near-ties.
    double loss() const { return reconstructionLoss(pool_, query_, support_, counts_, n_); }
    double lossAfterAdd(std::size_t j) const {
        std::vector<int> trial = counts_;
        ++trial[j];
        return reconstructionLoss(pool_, query_, support_, trial, n_);
    }
    double lossAfterMove(std::size_t from, std::size_t to) const {
        std::vector<int> trial = counts_;
        --trial[from];
        ++trial[to];
        return reconstructionLoss(pool_, query_, support_, trial, n_);
    }

private:
    double gram(std::size_t i, std::size_t j) const { return gram_[i * m_ + j]; }

    // Y_i . Y_j for i >= j, four columns j per pass over the rows i, mirrored above the
    // diagonal. Blocked products read each row once per four columns; one dot() per pair read
    // two rows per pair and were most of integerize's time. They sum in another order than
    // dot(), which moves an entry by rounding only: the near-tie rule absorbs that.
    void fillSupportGram(const EmbeddingMatrix& pool, const std::vector<int64_t>& support) {
        constexpr std::size_t kColumnsPerPass = 4;
        std::vector<const double*> rows(m_);
        for (std::size_t i = 0; i < m_; ++i) rows[i] = pool.row(support[i]);
        std::vector<double> block(kColumnsPerPass * m_);
        for (std::size_t first = 0; first < m_; first += kColumnsPerPass) {
            const std::size_t columns = std::min(kColumnsPerPass, m_ - first);
            const std::size_t below = m_ - first;
            dotRowsMany(rows.data() + first, below, pool.cols(), rows.data() + first, columns, block.data());
            for (std::size_t c = 0; c < columns; ++c)
                for (std::size_t r = c; r < below; ++r) {
                    const std::size_t i = first + r, j = first + c;
                    gram_[i * m_ + j] = gram_[j * m_ + i] = block[c * below + r];
                }
        }
    }

    const EmbeddingMatrix& pool_;
    const std::vector<double>& query_;
    const std::vector<int64_t>& support_;
    std::vector<int> counts_;
    int n_;
    std::size_t m_;
    std::vector<double> gram_;
    std::vector<double> residualProducts_;
};

// Step 3: `remaining` times, one unit to the point whose increment gives the smallest L (first
// index on ties).
void greedyFill(IncrementalLoss& state, int remaining) {
    for (int unit = 0; unit < remaining; ++unit) {
        std::size_t best = 0;
        double bestDelta = state.addDelta(0);
        double bestLoss = NAN;  // from-scratch L of `best`, computed on the first near-tie
        for (std::size_t j = 1; j < state.size(); ++j) {
            const double delta = state.addDelta(j);
            bool better = delta < bestDelta;
            double loss = NAN;
            if (std::abs(delta - bestDelta) <= kNearTie) {
                if (std::isnan(bestLoss)) bestLoss = state.lossAfterAdd(best);
                loss = state.lossAfterAdd(j);
                better = loss < bestLoss;
            }
            if (better) {
                best = j;
                bestDelta = delta;
                bestLoss = loss;
            }
        }
        state.add(best);
    }
}

// Step 4: move single units from i to j while that lowers L by more than kSwapGain. As in the
// reference, the points i are those with a positive count when the pass starts.
void swapRefinement(IncrementalLoss& state, int passes) {
    for (int pass = 0; pass < passes; ++pass) {
        std::vector<std::size_t> sources;
        for (std::size_t i = 0; i < state.size(); ++i)
            if (state.counts()[i] > 0) sources.push_back(i);
        bool improved = false;
        for (const std::size_t from : sources) {
            for (std::size_t to = 0; to < state.size(); ++to) {
                if (to == from) continue;
                const double gain = -state.moveDelta(from, to);
                bool accept = gain > kSwapGain;
                if (std::abs(gain - kSwapGain) <= kNearTie)
                    accept = state.loss() - state.lossAfterMove(from, to) > kSwapGain;
                if (accept) {
                    state.move(from, to);
                    improved = true;
                }
            }
        }
        if (!improved) break;
    }
}

// Steps 5 and 6: fix-ups (normally no-ops), then each point repeated by its count; padded
// with the largest-weight point or truncated to exactly N.
std::vector<int64_t> expand(const std::vector<int64_t>& support, const std::vector<double>& weights,
                            std::vector<int>& counts, int n) {
    const std::size_t heaviest = std::max_element(weights.begin(), weights.end()) - weights.begin();
    const int total = std::accumulate(counts.begin(), counts.end(), 0);
    if (total < n) counts[heaviest] += n - total;
    if (total > n) *std::max_element(counts.begin(), counts.end()) -= total - n;

    std::vector<int64_t> multiset;
    multiset.reserve(n);
    for (std::size_t i = 0; i < support.size(); ++i)
        for (int c = 0; c < counts[i]; ++c) multiset.push_back(support[i]);
    multiset.resize(std::min<std::size_t>(multiset.size(), n));
    while (multiset.size() < static_cast<std::size_t>(n)) multiset.push_back(support[heaviest]);
    return multiset;
}

}  // namespace

double reconstructionLoss(const EmbeddingMatrix& pool, const std::vector<double>& query,
                          const std::vector<int64_t>& support, const std::vector<int>& counts, int n) {
    const std::size_t d = pool.cols();
    std::vector<double> combination(d, 0.0);
    for (std::size_t i = 0; i < support.size(); ++i) {
        const double* row = pool.row(support[i]);
        for (std::size_t k = 0; k < d; ++k) combination[k] += counts[i] * row[k];
    }
    std::vector<double> residual(d);
    for (std::size_t k = 0; k < d; ++k) residual[k] = query[k] - combination[k] / n;
    return dot(residual.data(), residual.data(), d);
}

Integerization integerize(const EmbeddingMatrix& pool, const std::vector<double>& query,
                          const std::vector<int64_t>& support, const std::vector<double>& weights, int n,
                          int swapPasses) {
    const std::vector<double> w = normalisedWeights(weights);
    Integerization result;
    if (support.size() == 1) {
        result.counts = {n};
    } else {
        // Step 2: floors, then the remainder placed greedily.
        std::vector<int> floors(support.size());
        for (std::size_t i = 0; i < support.size(); ++i) floors[i] = static_cast<int>(std::floor(n * w[i]));
        const int remaining = n - std::accumulate(floors.begin(), floors.end(), 0);
        IncrementalLoss state(pool, query, support, std::move(floors), n);
        greedyFill(state, remaining);
        swapRefinement(state, swapPasses);
        result.counts = state.counts();
    }
    result.multiset = expand(support, w, result.counts, n);
    return result;
}

std::vector<std::pair<int64_t, int>> countByFirstAppearance(const std::vector<int64_t>& multiset) {
    std::vector<std::pair<int64_t, int>> counts;
    for (const int64_t row : multiset) {
        const auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == row; });
        if (it == counts.end())
            counts.emplace_back(row, 1);
        else
            ++it->second;
    }
    return counts;
}

}  // namespace hullft
