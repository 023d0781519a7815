#include "cli/bench_workers.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/bench_merge.h"
#include "bench/bench_results_file.h"
#include "bench/bench_shard.h"
#include "bench/csv_line.h"
#include "cli/bench_outputs.h"
#include "cli/cli_output.h"
#include "cli/progress_printer.h"
#include "common/errors.h"

extern char** environ;

namespace hullft::cli {
namespace {

std::atomic<int> interrupts{0};
void onInterrupt(int) { interrupts.fetch_add(1); }

struct Worker {
    std::string device;
    BenchShard shard;
    std::string directory;
    std::string log;
    pid_t pid = -1;
    int exitCode = -1;
};

std::string thisExecutable() {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) throw Error("cannot find this program's own path to start the workers: " + error.message());
    return self.string();
}

// The current environment with `extra` ("NAME=value") added, replacing same-named entries.
std::vector<std::string> environmentWith(const std::vector<std::string>& extra) {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        const std::string name = text.substr(0, text.find('=') + 1);
        bool replaced = false;
        for (const std::string& added : extra) replaced = replaced || added.rfind(name, 0) == 0;
        if (!replaced) entries.push_back(text);
    }
    entries.insert(entries.end(), extra.begin(), extra.end());
    return entries;
}

std::vector<char*> pointersTo(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (std::string& text : strings) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

// fork + exec, so that the child can ask to die with this process before it runs anything.
// It gets its own process group: a terminal's Ctrl-C reaches only this process, which forwards
// it once per press (a worker counts presses).
pid_t startWorker(std::vector<std::string> argv, std::vector<std::string> environment, const std::string& log) {
    std::vector<char*> args = pointersTo(argv), env = pointersTo(environment);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("cannot start a bench worker: fork failed");
    if (pid == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0 || ::dup2(fd, STDERR_FILENO) < 0) ::_exit(126);
        ::execve(args[0], args.data(), env.data());
        ::_exit(127);
    }
    return pid;
}

size_t rowsDone(const Worker& worker) {
    try {
        const std::string csv = worker.directory + "/results.csv";
        return std::filesystem::exists(csv) ? readBenchRows(csv).size() : 0;
    } catch (const Error&) {
        return 0;  // being written; counted at the next look
    }
}

std::string lastLines(const std::string& path, size_t count) {
    std::ifstream in(path);
    std::deque<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
        if (lines.size() > count) lines.pop_front();
    }
    std::string text;
    for (const std::string& line : lines) text += "\n    " + line;
    return text;
}

}  // namespace

std::vector<std::string> parseBenchDevices(const std::string& text) {
    std::vector<std::string> devices;
    if (!splitCsvLine(text, devices) || devices.empty() || devices.size() > static_cast<size_t>(kMaxBenchShards))
        throw UsageError("--devices: give a comma-separated list such as cuda:0,cuda:1 (or cpu,cpu)");
    for (size_t i = 0; i < devices.size(); ++i) {
        const std::string& device = devices[i];
        const bool gpu = device.rfind("cuda:", 0) == 0 && device.size() > 5 && device.size() <= 8 &&
                         device.find_first_not_of("0123456789", 5) == std::string::npos;
        if (device != "cpu" && !gpu) throw UsageError("--devices: '" + device + "' is neither cpu nor cuda:K (e.g. cuda:0)");
        if (gpu && std::find(devices.begin(), devices.begin() + static_cast<long>(i), device) != devices.begin() + static_cast<long>(i))
            throw UsageError("--devices: " + device + " is listed twice; one worker per GPU");
    }
    return devices;
}

std::string benchShardDirectory(const std::string& out, int index, int count) {
    return out + "/shard-" + std::to_string(index) + "-of-" + std::to_string(count);
}

bool runBenchWorkers(const BenchWorkersJob& job) {
    const int count = static_cast<int>(job.devices.size());
    const std::string self = thisExecutable();
    std::vector<Worker> workers;
    std::signal(SIGINT, onInterrupt);
    for (int index = 1; index <= count; ++index) {
        Worker worker{job.devices[static_cast<size_t>(index - 1)], {index, count}, benchShardDirectory(job.out, index, count), "", -1, -1};
        worker.log = worker.directory + "/worker.log";
        std::filesystem::create_directories(worker.directory);
        std::vector<std::string> argv{self, "bench"};
        argv.insert(argv.end(), job.benchWords.begin(), job.benchWords.end());
        const bool gpu = worker.device != "cpu";
        argv.insert(argv.end(), {"--out", worker.directory, "--shard", benchShardName(worker.shard), "--device", gpu ? "cuda" : "cpu"});
        std::vector<std::string> extra;
        if (gpu) extra.push_back("CUDA_VISIBLE_DEVICES=" + worker.device.substr(5));
        worker.pid = startWorker(argv, environmentWith(extra), worker.log);
        printLine("worker " + benchShardName(worker.shard) + " on " + worker.device + " (pid " + std::to_string(worker.pid) +
                  "): " + worker.directory + " (log: " + worker.log + ")");
        workers.push_back(worker);
    }

    ProgressPrinter progress;
    const auto started = std::chrono::steady_clock::now();
    const size_t total = job.plan.size();
    size_t doneAtStart = 0;
    for (const Worker& worker : workers) doneAtStart += rowsDone(worker);
    int forwarded = 0;
    for (size_t running = workers.size(); running > 0;) {
        for (; forwarded < interrupts.load(); ++forwarded)
            for (const Worker& worker : workers)
                if (worker.exitCode < 0) ::kill(worker.pid, SIGINT);
        for (Worker& worker : workers) {
            int status = 0;
            if (worker.exitCode >= 0 || ::waitpid(worker.pid, &status, WNOHANG) != worker.pid) continue;
            worker.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            --running;
        }
        size_t done = 0;
        for (const Worker& worker : workers) done += rowsDone(worker);
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double eta = done > doneAtStart ? elapsed / static_cast<double>(done - doneAtStart) * static_cast<double>(total - done) : -1.0;
        progress.onProgress({"bench on " + std::to_string(count) + " workers", static_cast<int64_t>(done), static_cast<int64_t>(total),
                             elapsed, running == 0 ? 0.0 : eta});
        if (running > 0) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }

    bool allDone = true;
    for (const Worker& worker : workers) {
        if (worker.exitCode == 0) continue;
        allDone = false;
        printError("worker " + benchShardName(worker.shard) + " on " + worker.device + " exited with code " +
                   std::to_string(worker.exitCode) + "; the end of " + worker.log + ":" + lastLines(worker.log, 6));
    }
    if (!allDone) {
        printError("bench: rerun the same command (with --out " + job.out + ") to continue every unfinished shard");
        return false;
    }
    std::vector<std::string> directories;
    for (const Worker& worker : workers) directories.push_back(worker.directory);
    writeMergedBench(mergeBenchShards(directories), job.out);
    return true;
}

}  // namespace hullft::cli
