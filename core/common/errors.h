#pragma once

#include <stdexcept>
#include <string>

namespace hullft {

// Base of every error core throws; the app/ui boundary catches it and shows the message.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Input that cannot be used: a file, field or value. The message names where and what.
// The CLI maps it to exit code 2.
class InputError : public Error {
public:
    InputError(const std::string& source, const std::string& problem);
    const std::string& source() const { return source_; }
    const std::string& problem() const { return problem_; }

private:
    std::string source_;
    std::string problem_;
};

// A long operation stopped because its CancellationToken was triggered.
class CancelledError : public Error {
public:
    CancelledError() : Error("cancelled") {}
};

}  // namespace hullft
