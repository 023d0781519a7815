#include "pipeline/embedding_projection.h"

#include <cmath>
#include <algorithm>
#include <numeric>

namespace hullft {

namespace {

constexpr int kPowerIterations = 200;

double dot(const double* a, const double* b, int64_t n) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

// Leading eigenvector of the symmetric `gram` (n x n), starting from a fixed vector.
std::vector<double> leadingEigenvector(const std::vector<double>& gram, int64_t n) {
    std::vector<double> v(n), next(n);
    for (int64_t i = 0; i < n; ++i) v[i] = 1.0 + 0.01 * static_cast<double>(i % 7);
    for (int iteration = 0; iteration < kPowerIterations; ++iteration) {
        for (int64_t i = 0; i < n; ++i) next[i] = dot(&gram[i * n], v.data(), n);
        const double norm = std::sqrt(dot(next.data(), next.data(), n));
        if (norm < 1e-300) break;
        for (int64_t i = 0; i < n; ++i) v[i] = next[i] / norm;
    }
    return v;
}

// The candidates' mean, and the candidates minus it (row-major, rows x dims).
struct CenteredRows {
    std::vector<double> mean, rows;
};

CenteredRows center(const std::vector<double>& candidates, int64_t rows, int64_t dims) {
    CenteredRows out{std::vector<double>(dims, 0.0), candidates};
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < dims; ++c) out.mean[c] += candidates[r * dims + c] / static_cast<double>(rows);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < dims; ++c) out.rows[r * dims + c] -= out.mean[c];
    return out;
}

// The two leading principal axes in embedding space (axis = centeredᵀ u / ||centeredᵀ u|| for
// the Gram matrix's leading eigenvectors u, by deflation) and the variance they capture.
struct PrincipalAxes {
    std::vector<std::vector<double>> axes;
    double captured = 0.0;
};

PrincipalAxes principalAxes(std::vector<double> gram, const std::vector<double>& centered, int64_t rows, int64_t dims) {
    PrincipalAxes out;
    for (int component = 0; component < 2 && rows > 0; ++component) {
        const std::vector<double> u = leadingEigenvector(gram, rows);
        std::vector<double> gu(rows);
        for (int64_t i = 0; i < rows; ++i) gu[i] = dot(&gram[i * rows], u.data(), rows);
        const double eigenvalue = dot(u.data(), gu.data(), rows);
        out.captured += eigenvalue;
        std::vector<double> axis(dims, 0.0);
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < dims; ++c) axis[c] += u[r] * centered[r * dims + c];
        const double norm = std::sqrt(dot(axis.data(), axis.data(), dims));
        if (norm > 0)
            for (double& value : axis) value /= norm;
        out.axes.push_back(axis);
        for (int64_t i = 0; i < rows; ++i)  // deflate
            for (int64_t j = 0; j < rows; ++j) gram[i * rows + j] -= eigenvalue * u[i] * u[j];
    }
    while (out.axes.size() < 2) out.axes.emplace_back(dims, 0.0);
    return out;
}

}  // namespace

EmbeddingProjectionEvent projectOnPrincipalPlane(const std::vector<double>& candidates, int64_t rows, int64_t dims,
                                                 const std::vector<double>& query,
                                                 const std::vector<double>& reconstruction) {
    const CenteredRows centered = center(candidates, rows, dims);
    std::vector<double> gram(rows * rows);
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = i; j < rows; ++j)
            gram[i * rows + j] = gram[j * rows + i] = dot(&centered.rows[i * dims], &centered.rows[j * dims], dims);
    double totalVariance = 0.0;
    for (int64_t i = 0; i < rows; ++i) totalVariance += gram[i * rows + i];
    PrincipalAxes principal = principalAxes(std::move(gram), centered.rows, rows, dims);
    std::vector<std::vector<double>>& axes = principal.axes;

    const auto coordinates = [&](const double* point, double& x, double& y) {
        double px = 0.0, py = 0.0;
        for (int64_t c = 0; c < dims; ++c) {
            px += (point[c] - centered.mean[c]) * axes[0][c];
            py += (point[c] - centered.mean[c]) * axes[1][c];
        }
        x = px;
        y = py;
    };
    EmbeddingProjectionEvent event;
    event.candidate_x.resize(rows);
    event.candidate_y.resize(rows);
    for (int64_t r = 0; r < rows; ++r) coordinates(&candidates[r * dims], event.candidate_x[r], event.candidate_y[r]);
    // Fix each axis' sign so the farthest candidate lies on its positive side (deterministic plots).
    for (auto* values : {&event.candidate_x, &event.candidate_y}) {
        if (values->empty()) break;
        const auto far = std::max_element(values->begin(), values->end(),
                                          [](double a, double b) { return std::abs(a) < std::abs(b); });
        if (*far < 0) {
            auto& axis = values == &event.candidate_x ? axes[0] : axes[1];
            for (double& v : axis) v = -v;
            for (double& v : *values) v = -v;
        }
    }
    coordinates(query.data(), event.query_x, event.query_y);
    if (reconstruction.empty()) {
        event.reconstruction_x = event.query_x;
        event.reconstruction_y = event.query_y;
    } else {
        coordinates(reconstruction.data(), event.reconstruction_x, event.reconstruction_y);
    }
    event.explained_variance = totalVariance > 0 ? principal.captured / totalVariance : 0.0;
    return event;
}

}  // namespace hullft
