#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace hullft::serve {

// The Content-Type of prometheusText(): the Prometheus text exposition format, version 0.0.4.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// The service's counters for GET /metrics, safe to update from any thread (one mutex). Families,
// each printed once with # HELP and # TYPE, before anything was counted too:
//
//   hullft_requests_total{outcome="..."}           counter    requests by outcome
//   hullft_stage_seconds{stage="..."}              histogram  seconds a request spent in a stage;
//       buckets le 0.001 0.005 0.01 0.05 0.1 0.25 0.5 1 2.5 5 10 30 60 +Inf (_bucket, _sum, _count)
//   hullft_gradient_steps_total{kind="computed"}   counter    gradient steps computed
//   hullft_gradient_steps_total{kind="reused"}     counter    gradient steps served by the cache
//   hullft_breaker_trips_total                     counter    times the circuit breaker opened
//   hullft_gpu_peak_bytes                          gauge      largest GPU memory peak reported
//   hullft_queue_length                            gauge      requests waiting, as last set
//
// The outcomes ok, bad_request, unauthorized, too_large, overloaded, cancelled, failed and the
// stages queue, embed, preselect, select, finetune, evaluate, complete, total are printed from the
// start (at 0); any other label value appears once used. Label values are repaired to UTF-8 and
// escaped; samples are in label order.
class ServiceMetrics {
public:
    ServiceMetrics();

    // Requests by outcome: "ok", "bad_request", "unauthorized", "too_large", "overloaded",
    // "cancelled", "failed" (any other string is allowed too).
    void countRequest(const std::string& outcome);
    // Seconds a request spent in a stage: "queue", "embed", "preselect", "select", "finetune",
    // "evaluate", "complete", "total". NaN is dropped and a negative time counts as 0, so the
    // histogram's sum never goes down.
    void observeStage(const std::string& stage, double seconds);
    // Gradient cache: reused = hits. Negative counts are ignored: counters only go up.
    void addGradientSteps(int64_t computed, int64_t reused);
    void countBreakerTrip();
    void notePeakGpuBytes(int64_t bytes);  // keeps the maximum seen
    void setQueueLength(int length);

    std::string prometheusText() const;

    static constexpr size_t kBuckets = 14;  // the finite bounds and +Inf

private:
    struct Histogram {
        std::array<int64_t, kBuckets> counts{};  // per bucket, not cumulative: the first bound >= the value
        double sum = 0.0;
        int64_t count = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::string, int64_t> requests_;
    std::map<std::string, Histogram> stages_;
    int64_t computed_steps_ = 0;
    int64_t reused_steps_ = 0;
    int64_t breaker_trips_ = 0;
    int64_t peak_gpu_bytes_ = 0;
    int queue_length_ = 0;
};

}  // namespace hullft::serve
