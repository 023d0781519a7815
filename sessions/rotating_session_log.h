#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "session_info.h"
#include "session_recorder.h"

namespace hullft::sessions {

// The audit log of a long-running service: session files in one folder, each a complete
// session (the format the workbench writes and `hullft session verify` checks), a new one when
// the current file reaches `max_bytes` or the UTC day changes. Files are named
// serve-YYYYMMDDTHHMMSSZ-<pid>-<nnnn>.hullft, so a listing sorts them in time order. Not
// thread-safe: one worker records.
class RotatingSessionLog {
public:
    // Creates the folder if needed; the first file is opened by the first recorder() call.
    RotatingSessionLog(std::string directory, SessionInfo info, int64_t max_bytes, RecorderOptions options = {});
    ~RotatingSessionLog();
    RotatingSessionLog(const RotatingSessionLog&) = delete;
    RotatingSessionLog& operator=(const RotatingSessionLog&) = delete;

    // The recorder for the next request: the current file's, or a new file's when the current
    // one is full or from another day.
    SessionRecorder& recorder();
    // The file recorder() records into ("" before the first).
    const std::string& currentPath() const { return path_; }
    // Closes the current file (its WAL folded in); the next recorder() call opens a new one.
    void close();

private:
    bool currentIsDue() const;

    const std::string directory_;
    const SessionInfo info_;
    const int64_t max_bytes_;
    const RecorderOptions options_;
    std::unique_ptr<SessionRecorder> recorder_;
    std::string path_;
    std::string day_;  // YYYY-MM-DD of the current file
    int files_opened_ = 0;
};

}  // namespace hullft::sessions
