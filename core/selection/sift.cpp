#include "selection/sift.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "selection/vector_math.h"

namespace hullft {
namespace {

// The library's candidate order: by |x.q| (or x.q) descending; ties keep ascending row.
std::vector<std::size_t> candidateOrder(const std::vector<float>& scores, bool alsoQueryOpposite) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    const auto key = [&](std::size_t row) { return alsoQueryOpposite ? std::abs(scores[row]) : scores[row]; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return order;
}

// The entries of the joint posterior covariance S over the ordered candidates p and the target
// a = q that the greedy reads. Conditioning on a noisy observation of x rewrites each entry as
// S_rc - (S_rx * (1 / (S_xx + lambda))) * S_cx, in float32 and in the library's order of operations
// (S_Ai @ inverse @ S_Ai^T); a picked column is rebuilt from its kernel column by replaying the
// earlier rewrites in order.
class Posterior {
public:
    Posterior(const EmbeddingMatrix& pool, const std::vector<float>& query, const std::vector<float>& scores,
              std::vector<std::size_t> order, float noiseVariance)
        : pool_(pool), order_(std::move(order)), noiseVariance_(noiseVariance), variance_(order_.size()),
          targetCovariance_(order_.size()), kernelColumns_(pool.rows()), column_(order_.size()) {
        for (std::size_t p = 0; p < order_.size(); ++p) {
            variance_[p] = dot(pool.rowFloat(order_[p]), pool.rowFloat(order_[p]), pool.cols());
            targetCovariance_[p] = scores[order_[p]];
        }
        targetVariance_ = dot(query.data(), query.data(), query.size());
    }

    std::size_t row(std::size_t p) const { return order_[p]; }

    // argmax_p of -(S_aa - S_ap^2 / (S_pp + lambda)), the first on ties, and that value.
    std::pair<std::size_t, float> bestCandidate() const {
        std::size_t best = 0;
        float bestValue = 0.0f;
        for (std::size_t p = 0; p < order_.size(); ++p) {
            const float value = -(targetVariance_ - targetCovariance_[p] * targetCovariance_[p] /
                                                        (variance_[p] + noiseVariance_));
            if (p == 0 || value > bestValue) {
                best = p;
                bestValue = value;
            }
        }
        return {best, bestValue};
    }

    void conditionOn(std::size_t x) {
        computeColumn(x);
        const float inverse = 1.0f / (variance_[x] + noiseVariance_);
        const float targetPick = targetCovariance_[x];
        const float targetScaled = targetPick * inverse;
        for (std::size_t p = 0; p < order_.size(); ++p) {
            variance_[p] -= (column_[p] * inverse) * column_[p];
            targetCovariance_[p] -= targetScaled * column_[p];
        }
        targetVariance_ -= targetScaled * targetPick;
        pickedColumns_.push_back(column_);
        inverses_.push_back(inverse);
    }

private:
    // column_[p] = S_(p, x) now.
    void computeColumn(std::size_t x) {
        std::vector<float>& kernel = kernelColumns_[order_[x]];
        if (kernel.empty()) {
            kernel.resize(pool_.rows());
            dotRows(pool_.floatData(), pool_.rows(), pool_.cols(), pool_.rowFloat(order_[x]), kernel.data());
        }
        for (std::size_t p = 0; p < order_.size(); ++p) column_[p] = kernel[order_[p]];
        for (std::size_t s = 0; s < pickedColumns_.size(); ++s) {
            const std::vector<float>& earlier = pickedColumns_[s];
            const float inverse = inverses_[s];
            const float pick = earlier[x];
            for (std::size_t p = 0; p < order_.size(); ++p) column_[p] -= (earlier[p] * inverse) * pick;
        }
    }

    const EmbeddingMatrix& pool_;
    const std::vector<std::size_t> order_;
    const float noiseVariance_;
    std::vector<float> variance_;          // S_pp
    std::vector<float> targetCovariance_;  // S_ap
    float targetVariance_ = 0.0f;          // S_aa
    std::vector<std::vector<float>> kernelColumns_;  // by pool row, filled for picked rows
    std::vector<std::vector<float>> pickedColumns_;  // S_(., x_s) when x_s was picked
    std::vector<float> inverses_;                    // 1 / (S_(x_s, x_s) + lambda)
    std::vector<float> column_;
};

}  // namespace

SiftResult siftSelect(const EmbeddingMatrix& pool, const std::vector<double>& query, const SiftOptions& options) {
    const std::vector<float> queryFloat(query.begin(), query.end());
    std::vector<float> scores(pool.rows());
    dotRows(pool.floatData(), pool.rows(), pool.cols(), queryFloat.data(), scores.data());
    // activeft is given noise_std = sqrt(lambda) and squares it back.
    const double noiseStd = std::sqrt(options.lambda);
    Posterior posterior(pool, queryFloat, scores, candidateOrder(scores, options.also_query_opposite),
                        static_cast<float>(noiseStd * noiseStd));

    SiftResult result;
    for (int step = 0; step < options.n; ++step) {
        const auto [best, value] = posterior.bestCandidate();
        result.indices.push_back(static_cast<int64_t>(posterior.row(best)));
        result.values.push_back(value);
        posterior.conditionOn(best);
    }
    return result;
}

}  // namespace hullft
