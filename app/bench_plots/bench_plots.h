#pragma once

#include <string>
#include <vector>

#include "bench/bench_summary.h"

namespace hullft::cli {

// Renders the benchmark's plots with QCustomPlot, offscreen (no display needed), into
// `directory`: bpb_vs_n.png, bpb_vs_time.png, selection_time.png and, when kNN and HullFT both ran,
// redundancy_vs_gain.png. Returns their paths.
// Qt-only: compiled when the build has Qt (HULLFT_WITH_PLOTS); the header stays Qt-free so
// LibTorch users can include it.
std::vector<std::string> renderBenchPlots(const BenchSummary& summary, const std::string& directory);

}  // namespace hullft::cli
