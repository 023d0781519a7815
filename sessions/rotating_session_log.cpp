#include "rotating_session_log.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "common/utc_time.h"

namespace hullft::sessions {
namespace {

// Bytes the session holds on disk: the database and its write-ahead log, which holds the
// records committed since the last checkpoint.
int64_t sessionBytes(const std::string& path) {
    int64_t bytes = 0;
    for (const std::string& file : {path, path + "-wal"}) {
        std::error_code error;
        const auto size = std::filesystem::file_size(file, error);
        if (!error) bytes += static_cast<int64_t>(size);
    }
    return bytes;
}

}  // namespace

RotatingSessionLog::RotatingSessionLog(std::string directory, SessionInfo info, int64_t max_bytes,
                                       RecorderOptions options)
    : directory_(std::move(directory)), info_(std::move(info)), max_bytes_(max_bytes), options_(std::move(options)) {
    std::filesystem::create_directories(directory_);
}

RotatingSessionLog::~RotatingSessionLog() = default;

bool RotatingSessionLog::currentIsDue() const {
    return !recorder_ || sessionBytes(path_) >= max_bytes_ || utcNow().substr(0, 10) != day_;
}

SessionRecorder& RotatingSessionLog::recorder() {
    if (!currentIsDue()) return *recorder_;
    close();
    const std::string now = utcNow();
    std::string number = std::to_string(++files_opened_);
    number.insert(0, number.size() < 4 ? 4 - number.size() : 0, '0');  // names sort in opening order
    path_ = directory_ + "/serve-" + compactUtc(now) + "-" + std::to_string(::getpid()) + "-" + number + ".hullft";
    day_ = now.substr(0, 10);
    recorder_ = std::make_unique<SessionRecorder>(path_, info_, options_);
    return *recorder_;
}

void RotatingSessionLog::close() { recorder_.reset(); }

}  // namespace hullft::sessions
