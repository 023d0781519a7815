#include "bench/query_stream.h"

#include <chrono>
#include <optional>

#include "bench/cuda_allocator_bytes.h"
#include "common/append_only_file.h"
#include "common/cancellation.h"
#include "common/elapsed.h"
#include "events/observer.h"
#include "pipeline/query_pipeline.h"

namespace hullft {

namespace {

// The CUDA allocator's peak during a query's finetune stage above what was allocated when the
// adaptation began (the base snapshot already exists then, so it is not counted).
class FinetunePeakMeter : public PipelineObserver {
public:
    explicit FinetunePeakMeter(const c10::Device& device) : device_(device) {}

    // 0 on CUDA until a finetune stage is measured (a query without one allocates nothing for it).
    void startQuery() { peak_ = cudaAllocatorBytes(device_) ? std::optional<int64_t>(0) : std::nullopt; }
    std::optional<int64_t> peak() const { return peak_; }

    void onAdaptation(const AdaptationEvent&) override {
        resetCudaAllocatorPeak(device_);
        if (const auto bytes = cudaAllocatorBytes(device_)) start_ = bytes->current;
    }
    void onStageTiming(const StageTimingEvent& event) override {
        if (event.stage != "finetune") return;
        if (const auto bytes = cudaAllocatorBytes(device_)) peak_ = bytes->peak - start_;
    }

private:
    c10::Device device_;
    int64_t start_ = 0;
    std::optional<int64_t> peak_;
};

StreamRow rowOf(int position, const StreamQuery& planned, const QueryResult& result,
                const FinetunePeakMeter& meter) {
    StreamRow row;
    row.position = position;
    row.query = planned.query.id;
    row.domain = planned.query.domain;
    row.pass = planned.pass;
    for (size_t stage = 0; stage < kStreamStages.size(); ++stage) {
        const auto it = result.stage_seconds.find(kStreamStages[stage]);
        row.seconds[stage] = it == result.stage_seconds.end() ? 0.0 : it->second;
    }
    row.seconds[streamStageIndex("total")] = result.total_seconds;
    if (result.finetune) {
        row.computed_steps = result.finetune->computed_steps;
        row.reused_steps = result.finetune->reused_steps;
        row.gradient_bytes = result.finetune->gradient_bytes;
        row.cache_bytes = result.finetune->peak_cache_bytes;
    }
    row.base_bpb = result.evaluation.base_bpb;
    row.bpb = result.evaluation.adapted_bpb;
    row.gpu_finetune_peak_bytes = meter.peak();
    return row;
}

}  // namespace

std::vector<StreamRow> runQueryStream(QueryPipeline& pipeline, const PipelineSettings& settings,
                                      const c10::Device& device, const std::vector<StreamQuery>& stream,
                                      AppendOnlyFile& csv, PipelineObserver& progress,
                                      const std::function<bool()>& stopRequested,
                                      const CancellationToken& cancel) {
    const auto started = Clock::now();
    const auto total = static_cast<int64_t>(stream.size());
    FinetunePeakMeter meter(device);
    std::vector<StreamRow> rows;
    for (const StreamQuery& planned : stream) {
        if (stopRequested()) break;
        const double elapsed = secondsSince(started);
        const auto done = static_cast<int64_t>(rows.size());
        const double eta =
            done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total - done) : -1.0;
        progress.onProgress({"stream: " + planned.query.domain, done, total, elapsed, eta});
        meter.startQuery();
        QueryResult result;
        try {
            result = pipeline.run(planned.query.id, planned.query.text, settings, meter, cancel);
        } catch (const CancelledError&) {
            break;  // the cancelled query has no row; the caller summarises those that finished
        }
        rows.push_back(rowOf(static_cast<int>(rows.size()) + 1, planned, result, meter));
        csv.appendLine(streamRowToCsv(rows.back()));
    }
    progress.onProgress({"stream", static_cast<int64_t>(rows.size()), total, secondsSince(started), 0.0});
    return rows;
}

}  // namespace hullft
