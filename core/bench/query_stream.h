#pragma once

#include <c10/core/Device.h>

#include <functional>
#include <vector>

#include "bench/stream_plan.h"
#include "bench/stream_row.h"
#include "pipeline/pipeline_settings.h"

namespace hullft {

class AppendOnlyFile;
class CancellationToken;
class PipelineObserver;
class QueryPipeline;

// Runs `stream` through `pipeline` in order, one query after another on the one loaded model
// (core/bench/README.md, "Query streams"); `device` is the model's, whose CUDA allocator the
// finetune stage is measured with. Each query's row is appended to `csv` as soon as the query
// finished, and one ProgressEvent per query goes to `progress`. `stopRequested` is checked before
// every query; a query cancelled through `cancel` ends the stream and leaves no row. Returns the
// rows of the queries that finished, in stream order.
std::vector<StreamRow> runQueryStream(QueryPipeline& pipeline, const PipelineSettings& settings,
                                      const c10::Device& device, const std::vector<StreamQuery>& stream,
                                      AppendOnlyFile& csv, PipelineObserver& progress,
                                      const std::function<bool()>& stopRequested,
                                      const CancellationToken& cancel);

}  // namespace hullft
