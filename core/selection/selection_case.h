#pragma once

#include <string>
#include <vector>

#include "selection/embedding_matrix.h"
#include "selection/hullft_select.h"
#include "selection/sift.h"

namespace hullft {

enum class SelectionKind { Hullft, Knn, Sift };

// One selection case in the golden schema (tests/data/golden/README.md): only `kind`, `params`,
// `pool` and `query` are read.
struct SelectionCase {
    SelectionKind kind = SelectionKind::Hullft;
    int n = 0;              // params.n, also copied into the options below
    HullftOptions hullft;   // kind == Hullft
    SiftOptions sift;       // kind == Sift
    EmbeddingMatrix pool;   // K x d, unit-norm rows
    std::vector<double> query;
};

// Rows may deviate from unit norm by this much (float32-normalised embeddings do, by ~1e-6).
inline constexpr double kUnitNormTolerance = 1e-5;

// Reads and validates a case; InputError names `path` and the problem (malformed JSON, missing
// or invalid params, ragged/empty pool, non-finite values, non-unit rows, d mismatch). K < N is
// a case like any other, as in the reference.
SelectionCase readSelectionCase(const std::string& path);

}  // namespace hullft
