#include "serve/service_metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/utf8.h"

namespace hullft::serve {

namespace {

// The finite upper bounds, as printed in `le`; the last bucket is +Inf.
constexpr std::array<double, ServiceMetrics::kBuckets - 1> kBounds = {
    0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
const char* const kBoundLabels[ServiceMetrics::kBuckets] = {
    "0.001", "0.005", "0.01", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "+Inf"};
const char* const kOutcomes[] = {"ok",         "bad_request", "unauthorized", "too_large",
                                 "overloaded", "cancelled",   "failed"};
const char* const kStages[] = {"queue",    "embed",    "preselect", "select",
                               "finetune", "evaluate", "complete",  "total"};

// Shortest round-trip form through std::to_chars: no locale can turn the point into a comma.
std::string formatDouble(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

// A label value as the format quotes it: backslash, double quote and newline escaped.
std::string escapeLabel(const std::string& value) {
    std::string escaped;
    for (const char c : value) {
        if (c == '\\')
            escaped += "\\\\";
        else if (c == '"')
            escaped += "\\\"";
        else if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void sample(std::string& out, const std::string& name, const std::string& labels, const std::string& value) {
    out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + value + "\n";
}

}  // namespace

ServiceMetrics::ServiceMetrics() {
    for (const char* outcome : kOutcomes) requests_[outcome] = 0;
    for (const char* stage : kStages) stages_[stage];
}

void ServiceMetrics::countRequest(const std::string& outcome) {
    const std::string label = repairUtf8(outcome);
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[label];
}

void ServiceMetrics::observeStage(const std::string& stage, double seconds) {
    if (std::isnan(seconds)) return;
    seconds = std::max(seconds, 0.0);
    const size_t bucket = std::lower_bound(kBounds.begin(), kBounds.end(), seconds) - kBounds.begin();
    const std::string label = repairUtf8(stage);
    std::lock_guard<std::mutex> lock(mutex_);
    Histogram& histogram = stages_[label];
    ++histogram.counts[bucket];
    histogram.sum += seconds;
    ++histogram.count;
}

void ServiceMetrics::addGradientSteps(int64_t computed, int64_t reused) {
    std::lock_guard<std::mutex> lock(mutex_);
    computed_steps_ += std::max<int64_t>(computed, 0);
    reused_steps_ += std::max<int64_t>(reused, 0);
}

void ServiceMetrics::countBreakerTrip() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++breaker_trips_;
}

void ServiceMetrics::notePeakGpuBytes(int64_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    peak_gpu_bytes_ = std::max(peak_gpu_bytes_, bytes);
}

void ServiceMetrics::setQueueLength(int length) {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_length_ = length;
}

std::string ServiceMetrics::prometheusText() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out;

    family(out, "hullft_requests_total", "counter", "Requests by outcome.");
    for (const auto& [outcome, count] : requests_)
        sample(out, "hullft_requests_total", "outcome=\"" + escapeLabel(outcome) + "\"",
               std::to_string(count));

    family(out, "hullft_stage_seconds", "histogram", "Seconds a request spent in a stage.");
    for (const auto& [stage, histogram] : stages_) {
        const std::string label = "stage=\"" + escapeLabel(stage) + "\"";
        int64_t cumulative = 0;
        for (size_t b = 0; b < kBuckets; ++b) {
            cumulative += histogram.counts[b];
            sample(out, "hullft_stage_seconds_bucket", label + ",le=\"" + kBoundLabels[b] + "\"",
                   std::to_string(cumulative));
        }
        sample(out, "hullft_stage_seconds_sum", label, formatDouble(histogram.sum));
        sample(out, "hullft_stage_seconds_count", label, std::to_string(histogram.count));
    }

    family(out, "hullft_gradient_steps_total", "counter",
           "Finetuning gradient steps, computed or reused from the cache.");
    sample(out, "hullft_gradient_steps_total", "kind=\"computed\"", std::to_string(computed_steps_));
    sample(out, "hullft_gradient_steps_total", "kind=\"reused\"", std::to_string(reused_steps_));

    family(out, "hullft_breaker_trips_total", "counter", "Times the circuit breaker opened.");
    sample(out, "hullft_breaker_trips_total", "", std::to_string(breaker_trips_));

    family(out, "hullft_gpu_peak_bytes", "gauge", "Largest GPU memory peak reported, in bytes.");
    sample(out, "hullft_gpu_peak_bytes", "", std::to_string(peak_gpu_bytes_));

    family(out, "hullft_queue_length", "gauge", "Requests waiting for the model.");
    sample(out, "hullft_queue_length", "", std::to_string(queue_length_));
    return out;
}

}  // namespace hullft::serve
