#pragma once

#include <string>

namespace hullft {

// An exclusive advisory lock (flock) on the file `path`, created if missing, which records the
// holder's process id for the message a second writer gets. The kernel drops it when the holder
// exits or is killed, so a kill -9 leaves no stale lock behind.
class ExclusiveFileLock {
public:
    // Error "busy: `what` is being written by process PID" when another holder has it; IoError
    // when the lock file cannot be created.
    ExclusiveFileLock(const std::string& path, const std::string& what);
    ~ExclusiveFileLock();
    ExclusiveFileLock(const ExclusiveFileLock&) = delete;
    ExclusiveFileLock& operator=(const ExclusiveFileLock&) = delete;

private:
    int descriptor_ = -1;
};

}  // namespace hullft
