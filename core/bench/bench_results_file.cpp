#include "bench/bench_results_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/errors.h"

namespace hullft {

namespace {

// Writes, flushes and syncs: the line is on disk before the next run starts.
void appendDurably(std::FILE* file, const std::string& line, const std::string& path) {
    if (std::fwrite(line.data(), 1, line.size(), file) != line.size() || std::fflush(file) != 0 ||
        ::fsync(fileno(file)) != 0)
        throw Error(path + ": cannot append a row");
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in && !in.eof()) throw InputError(path, "cannot be read");
    return contents.str();
}

}  // namespace

BenchResultsFile::BenchResultsFile(std::string path) : path_(std::move(path)) {
    const bool exists = std::filesystem::exists(path_);
    std::string contents = exists ? readAll(path_) : std::string();
    const size_t complete = contents.rfind('\n') == std::string::npos ? 0 : contents.rfind('\n') + 1;
    if (exists && complete < contents.size()) std::filesystem::resize_file(path_, complete);
    contents.resize(complete);

    std::istringstream lines(contents);
    std::string line;
    size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (number == 1) {
            if (line != benchCsvHeader())
                throw InputError(path_, "its header is not this version's (" + benchCsvHeader() + "); use another --out");
            continue;
        }
        rows_.push_back(benchRowFromCsv(line, path_ + ":" + std::to_string(number)));
    }
    file_.reset(std::fopen(path_.c_str(), "ab"));
    if (!file_) throw InputError(path_, "cannot be opened for appending");
    if (number == 0) appendDurably(file_.get(), benchCsvHeader() + "\n", path_);
}

void BenchResultsFile::append(const BenchRow& row) {
    appendDurably(file_.get(), benchRowToCsv(row) + "\n", path_);
    rows_.push_back(row);
}

}  // namespace hullft
