#include "common/append_only_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/errors.h"

namespace hullft {

AppendOnlyFile::AppendOnlyFile(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throwFileError(path_, "cannot open for appending", errno);
}

AppendOnlyFile::~AppendOnlyFile() { ::close(fd_); }

void AppendOnlyFile::appendLine(const std::string& line) {
    const std::string text = line + "\n";
    size_t written = 0;
    while (written < text.size()) {
        const ssize_t count = ::write(fd_, text.data() + written, text.size() - written);
        if (count < 0 && errno == EINTR) continue;  // a signal (Ctrl-C) arrived mid-write
        if (count < 0) throwFileError(path_, "write failed", errno);
        written += static_cast<size_t>(count);
    }
    if (::fsync(fd_) != 0) throwFileError(path_, "write failed", errno);
}

}  // namespace hullft
