#include "corpus/external_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "common/errors.h"

extern char** environ;

namespace hullft {
namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// The child's environment, prepared before fork: only async-signal-safe calls happen after it.
std::vector<std::string> environmentWith(const std::vector<std::string>& extra) {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        bool overridden = false;
        for (const std::string& e : extra)
            overridden |= text.compare(0, e.find('=') + 1, e, 0, e.find('=') + 1) == 0;
        if (!overridden) entries.push_back(text);
    }
    entries.insert(entries.end(), extra.begin(), extra.end());
    return entries;
}

std::string describe(const std::vector<std::string>& argv) {
    std::string text;
    for (const std::string& word : argv) text += (text.empty() ? "" : " ") + word;
    return text;
}

}  // namespace

std::string runProgram(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnvironment,
                       double timeoutSeconds) {
    std::vector<std::string> args = argv;
    std::vector<std::string> environment = environmentWith(extraEnvironment);
    const std::vector<char*> argPointers = pointers(args);
    const std::vector<char*> envPointers = pointers(environment);
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw Error("cannot create a pipe for " + describe(argv));
    const pid_t pid = fork();
    if (pid < 0) throw Error("cannot fork for " + describe(argv));
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        const int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDERR_FILENO);
        execvpe(argPointers[0], argPointers.data(), envPointers.data());
        _exit(127);
    }
    close(out[1]);
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
    bool timedOut = false;
    char buffer[1 << 16];
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        pollfd descriptor{out[0], POLLIN, 0};
        if (poll(&descriptor, 1, static_cast<int>(left.count())) == 0) continue;
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        output.append(buffer, static_cast<size_t>(n));
    }
    close(out[0]);
    if (timedOut) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timedOut) throw Error(describe(argv) + ": timed out after " + std::to_string(timeoutSeconds) + " s");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw Error(describe(argv) + ": failed (exit status " +
                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
    return output;
}

}  // namespace hullft
