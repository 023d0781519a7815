#pragma once

#include <stdexcept>
#include <string>

namespace hullft {

// The one error hierarchy of every library and command. The CLI's exit code follows the class
// (exitCodeFor): InputError and its subclasses are the caller's to fix (exit 2), every other
// Error is a failure of the work itself (exit 1). README.md, "Errors", has the table.
//
//   Error                 the work failed: numerical breakdown, an internal limit   exit 1
//   ├── IoError           the OS refused a read or write: disk full, permission     exit 1
//   ├── CancelledError    the user stopped a long operation                          exit 1
//   └── InputError        a file, field or value that cannot be used                 exit 2
//       └── UsageError    a command line that cannot be understood                   exit 2
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Input that cannot be used: a file, field or value. The message names where and what.
class InputError : public Error {
public:
    InputError(const std::string& source, const std::string& problem);
    const std::string& source() const { return source_; }
    const std::string& problem() const { return problem_; }

private:
    std::string source_;
    std::string problem_;
};

// A command line that cannot be understood (unknown option, missing value); the CLI adds the
// command's usage.
class UsageError : public InputError {
public:
    explicit UsageError(const std::string& problem) : InputError("", problem) {}
};

// Reading or writing `path` failed for a reason outside the input's content: disk full,
// permission denied, a read-only folder, an I/O error. `reason` says which.
class IoError : public Error {
public:
    IoError(const std::string& path, const std::string& reason);
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// A long operation stopped because its CancellationToken was triggered.
class CancelledError : public Error {
public:
    CancelledError() : Error("cancelled") {}
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the work itself failed
inline constexpr int kExitBadInput = 2;  // bad usage or unusable input

// The exit code for an exception that ended a command: kExitBadInput for InputError,
// kExitFailure for anything else.
int exitCodeFor(const std::exception& error);

// Whether an OS error (errno) means the path names nothing usable (no such file, not a
// directory): the caller's to fix, exit 2. Any other (permission, disk full, I/O) is a failure.
bool namesNothingUsable(int errorNumber);

// "<path>: <action>: <strerror(errorNumber)>" as an InputError or an IoError, by
// namesNothingUsable().
[[noreturn]] void throwFileError(const std::string& path, const std::string& action, int errorNumber);

}  // namespace hullft
