#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/errors.h"

namespace hullft {

void writeFileAtomically(const std::string& path, const std::string& contents, FileAccess access) {
    writeFileAtomically(path, std::vector<std::string_view>{contents}, access);
}

void writeFileAtomically(const std::string& path, const std::vector<std::string_view>& pieces, FileAccess access) {
    const std::filesystem::path target(path);
    std::string temporary = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
                            ("." + target.filename().string() + ".tmp-XXXXXX");
    const int fd = mkstemp(temporary.data());
    if (fd < 0) throwFileError(path, "cannot create a temporary file beside it", errno);
    for (const std::string_view piece : pieces) {
        const char* data = piece.data();
        size_t left = piece.size();
        while (left > 0) {
            const ssize_t written = ::write(fd, data, left);
            if (written < 0) {
                if (errno == EINTR) continue;
                const int error = errno;
                ::close(fd);
                std::remove(temporary.c_str());
                throwFileError(path, "write failed", error);
            }
            data += written;
            left -= static_cast<size_t>(written);
        }
    }
    ::fchmod(fd, access == FileAccess::OwnerOnly ? 0600 : 0644);  // mkstemp made it 0600
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throwFileError(path, "cannot flush the file to disk", error);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throwFileError(path, "cannot rename the temporary file into place", error);
    }
}

void createNewFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) throw InputError(path, "already exists; it is never overwritten");
    if (fd < 0) throwFileError(path, "cannot create", errno);
    ::close(fd);
}

}  // namespace hullft
