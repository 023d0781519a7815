#include "selection/hullft_select.h"

namespace hullft {

HullftSelection hullftSelect(const EmbeddingMatrix& pool, const std::vector<double>& query,
                             const HullftOptions& options) {
    HullftSelection selection;
    selection.reconstruction = frankWolfe(pool, query, {options.n, options.max_iter, options.tol});
    selection.integerization = integerize(pool, query, selection.reconstruction.support,
                                          selection.reconstruction.weights, options.n, options.swap_passes);
    return selection;
}

}  // namespace hullft
