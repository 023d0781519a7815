#pragma once

#include <string>

namespace hullft {

// A file that grows one line at a time: appendLine() writes, flushes and fsyncs before it
// returns, so a process killed mid-run loses at most the line it was writing (the CSV rows of
// long runs).
class AppendOnlyFile {
public:
    // Opens `path` for appending, creating it when absent. InputError or IoError naming the path
    // (throwFileError()) when it cannot be opened.
    explicit AppendOnlyFile(std::string path);
    ~AppendOnlyFile();
    AppendOnlyFile(const AppendOnlyFile&) = delete;
    AppendOnlyFile& operator=(const AppendOnlyFile&) = delete;

    // Appends `line` and a line ending, durably. IoError naming the path when the OS refuses
    // (disk full, I/O error); the file then ends with at most a partial line.
    void appendLine(const std::string& line);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace hullft
