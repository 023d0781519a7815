#pragma once

#include <string>
#include <vector>

namespace hullft {

// How a query's training sequences are chosen (core/pipeline/README.md, "Methods").
enum class Method {
    Base,          // no finetuning: the base model answers
    Knn,           // top-N by inner product, each once (Hardt & Sun)
    Sift,          // greedy posterior-variance reduction (Hübotter et al.)
    Hullft,        // Frank-Wolfe + geometric integerization + gradient reuse
    HullftNoReuse, // ablation: HullFT's multiset trained without gradient reuse (r = 1)
    FwPad,         // ablation: FW support, counts by largest remainder instead of integerization
};

std::string methodName(Method method);
// InputError naming `source` (e.g. "--method") for an unknown name.
Method parseMethod(const std::string& name, const std::string& source = "method");
// Every method, in the order above (the workbench's method list).
const std::vector<Method>& allMethods();
// The paper's comparison: base, kNN, SIFT and HullFT (the workbench's Compare methods and
// `hullft bench`'s default --methods).
const std::vector<Method>& comparedMethods();

}  // namespace hullft
