#include "common/exclusive_file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "common/errors.h"

namespace hullft {

ExclusiveFileLock::ExclusiveFileLock(const std::string& path, const std::string& what) {
    descriptor_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (descriptor_ < 0) throwFileError(path, "cannot create the lock file", errno);
    if (::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char holder[32] = {};
        const ssize_t got = ::pread(descriptor_, holder, sizeof holder - 1, 0);
        ::close(descriptor_);
        if (error != EWOULDBLOCK) throwFileError(path, "cannot lock", error);
        const std::string pid = got > 0 ? std::string(holder, static_cast<size_t>(got)) : std::string("unknown");
        throw Error("busy: " + what + " is being written by process " + pid);
    }
    const std::string pid = std::to_string(::getpid());
    // The holder's id replaces the previous holder's; failing to write it loses only the message.
    const bool recorded = ::ftruncate(descriptor_, 0) == 0 &&
                          ::pwrite(descriptor_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
    static_cast<void>(recorded);
}

ExclusiveFileLock::~ExclusiveFileLock() { ::close(descriptor_); }

}  // namespace hullft
