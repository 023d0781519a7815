#include "bench/bench_results_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/errors.h"

namespace hullft {

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in && !in.eof()) throw InputError(path, "cannot be read");
    return contents.str();
}

// Up to and including the last line ending: a trailing line without one is a row cut short.
size_t completeLength(const std::string& contents) {
    const size_t lastEnd = contents.rfind('\n');
    return lastEnd == std::string::npos ? 0 : lastEnd + 1;
}

// The rows of complete `contents`; an empty file has none, anything else must start with the header.
std::vector<BenchRow> parseRows(const std::string& contents, const std::string& path) {
    std::vector<BenchRow> rows;
    std::istringstream lines(contents);
    std::string line;
    size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (number == 1) {
            if (line != benchCsvHeader())
                throw InputError(path, "its header is not this version's (" + benchCsvHeader() + "); use another --out");
            continue;
        }
        rows.push_back(benchRowFromCsv(line, path + ":" + std::to_string(number)));
    }
    return rows;
}

}  // namespace

std::vector<BenchRow> readBenchRows(const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) throw InputError(path, "does not exist");
    const std::string contents = readAll(path);
    return parseRows(contents.substr(0, completeLength(contents)), path);
}

BenchResultsFile::BenchResultsFile(std::string path) : path_(std::move(path)) {
    const bool exists = std::filesystem::exists(path_);
    std::string contents = exists ? readAll(path_) : std::string();
    const size_t complete = completeLength(contents);
    if (exists && complete < contents.size()) std::filesystem::resize_file(path_, complete);
    contents.resize(complete);
    rows_ = parseRows(contents, path_);
    file_ = std::make_unique<AppendOnlyFile>(path_);
    if (contents.empty()) file_->appendLine(benchCsvHeader());
}

void BenchResultsFile::append(const BenchRow& row) {
    const std::string line = benchRowToCsv(row);
    file_->appendLine(line);  // on disk before the next run starts
    // Kept as read back, so a summary is the same whether its rows were just run, resumed or merged.
    rows_.push_back(benchRowFromCsv(line, path_));
}

}  // namespace hullft
