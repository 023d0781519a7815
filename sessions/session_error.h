#pragma once

#include <stdexcept>
#include <string>

namespace hullft::sessions {

// A session file that cannot be opened, read or written. The message names the file and the
// problem ("<file>: <problem>"); app/ turns it into hullft::InputError (exit code 2).
// sessions/ does not link core, so this mirrors hullft::InputError instead of deriving from it.
class SessionFileError : public std::runtime_error {
public:
    SessionFileError(const std::string& file, const std::string& problem)
        : std::runtime_error(file + ": " + problem), file_(file), problem_(problem) {}
    const std::string& file() const { return file_; }
    const std::string& problem() const { return problem_; }

private:
    std::string file_;
    std::string problem_;
};

}  // namespace hullft::sessions
