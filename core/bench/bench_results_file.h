#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bench/bench_row.h"
#include "common/append_only_file.h"

namespace hullft {

// The benchmark's results.csv, crash-safe: rows are appended one complete line at a time and
// flushed to disk, so a killed run loses at most the row it was computing, and a rerun
// continues where it stopped.
class BenchResultsFile {
public:
    // Opens `path`, creating it with benchCsvHeader() when absent. An existing file must start
    // with that header (InputError otherwise); its complete rows are read, and a trailing line
    // without its line ending (a run killed mid-write) is cut off.
    explicit BenchResultsFile(std::string path);

    const std::string& path() const { return path_; }
    const std::vector<BenchRow>& rows() const { return rows_; }
    void append(const BenchRow& row);

private:
    std::string path_;
    std::vector<BenchRow> rows_;
    std::unique_ptr<AppendOnlyFile> file_;
};

// The complete rows of an existing results file, read without changing it (a trailing line cut
// short is left out). InputError naming `path` when it is missing or not of this version.
std::vector<BenchRow> readBenchRows(const std::string& path);

}  // namespace hullft
