#include "cli/progress_printer.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

namespace hullft::cli {
namespace {

std::string formatSeconds(double seconds) {
    if (seconds < 0) return "?";
    char text[32];
    if (seconds < 60) std::snprintf(text, sizeof text, "%.0fs", seconds);
    else std::snprintf(text, sizeof text, "%dm%02ds", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    return text;
}

std::string describe(const ProgressEvent& e) {
    char text[200];
    if (e.total > 0) {
        const double fraction = static_cast<double>(e.done) / static_cast<double>(e.total);
        const int filled = static_cast<int>(fraction * 30);
        std::snprintf(text, sizeof text, "%-28s [%s%s] %3.0f%% %lld/%lld  %s elapsed, ETA %s", e.stage.c_str(),
                      std::string(filled, '#').c_str(), std::string(30 - filled, '.').c_str(), fraction * 100,
                      static_cast<long long>(e.done), static_cast<long long>(e.total), formatSeconds(e.elapsed_seconds).c_str(),
                      formatSeconds(e.eta_seconds).c_str());
    } else {
        std::snprintf(text, sizeof text, "%-28s %lld  %s elapsed", e.stage.c_str(), static_cast<long long>(e.done),
                      formatSeconds(e.elapsed_seconds).c_str());
    }
    return text;
}

}  // namespace

ProgressPrinter::ProgressPrinter() : terminal_(isatty(STDERR_FILENO) != 0) {}

void ProgressPrinter::onProgress(const ProgressEvent& event) {
    const auto now = std::chrono::steady_clock::now();
    const bool newStage = event.stage != lastStage_;
    const bool finished = event.total > 0 && event.done >= event.total;
    if (terminal_) {
        std::fprintf(stderr, "%s\r%s", newStage && !lastStage_.empty() ? "\n" : "", describe(event).c_str());
        if (finished) std::fprintf(stderr, "\n");
    } else if (newStage || finished || now - lastLine_ > std::chrono::seconds(2)) {
        std::fprintf(stderr, "%s\n", describe(event).c_str());
        lastLine_ = now;
    }
    std::fflush(stderr);
    lastStage_ = finished ? "" : event.stage;
    // Test hook: HULLFT_TEST_PROGRESS_PAUSE_MS slows long work down at each progress event, so
    // crash tests (kill -9 mid-import) find it still running on any machine.
    if (const char* pause = std::getenv("HULLFT_TEST_PROGRESS_PAUSE_MS"); pause && std::atoi(pause) > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(pause)));
}

}  // namespace hullft::cli
