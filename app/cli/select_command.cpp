#include "cli/select_command.h"

#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "selection/hullft_select.h"
#include "selection/knn.h"
#include "selection/selection_case.h"
#include "selection/sift.h"

namespace hullft::cli {
namespace {

using Json = nlohmann::ordered_json;

Json hullftJson(const SelectionCase& selectionCase) {
    const HullftSelection selection = hullftSelect(selectionCase.pool, selectionCase.query, selectionCase.hullft);
    Json counts = Json::array();
    for (const auto& [row, count] : countByFirstAppearance(selection.integerization.multiset))
        counts.push_back({row, count});
    return {{"fw_indices", selection.reconstruction.support},
            {"fw_weights", selection.reconstruction.weights},
            {"multiset", selection.integerization.multiset},
            {"counts", counts}};
}

Json knnJson(const SelectionCase& selectionCase) {
    const KnnResult result = knnSelect(selectionCase.pool, selectionCase.query, selectionCase.n);
    return {{"indices", result.indices}, {"scores", result.scores}};
}

Json siftJson(const SelectionCase& selectionCase) {
    const SiftResult result = siftSelect(selectionCase.pool, selectionCase.query, selectionCase.sift);
    return {{"indices", result.indices}, {"values", result.values}};
}

int runSelect(const std::vector<std::string>& words) {
    const Arguments arguments(words, {"input"}, {});
    if (!arguments.positional().empty()) throw UsageError("unexpected argument '" + arguments.positional()[0] + "'");
    const SelectionCase selectionCase = readSelectionCase(arguments.value("input"));
    switch (selectionCase.kind) {
        case SelectionKind::Hullft: printJson(hullftJson(selectionCase), "select"); break;
        case SelectionKind::Knn: printJson(knnJson(selectionCase), "select"); break;
        case SelectionKind::Sift: printJson(siftJson(selectionCase), "select"); break;
    }
    return kExitOk;
}

}  // namespace

const Command& selectCommand() {
    static const Command command{"select", "run one selection case (HullFT, kNN or SIFT) and print the result as JSON",
                                 "hullft select --input CASE.json", runSelect};
    return command;
}

}  // namespace hullft::cli
