#pragma once

#include <string>
#include <vector>

namespace hullft::cli {

// `hullft bench summary DIR`: writes summary.md, summary.json and the plots of a benchmark folder
// from its own results.csv and settings, loading no model or store: for a folder computed on
// another machine (a GPU machine without Qt draws no plots). A rerun of `hullft bench` instead
// checks the model, store, split and device even when nothing is left to run.
int runBenchSummary(const std::vector<std::string>& words);

}  // namespace hullft::cli
