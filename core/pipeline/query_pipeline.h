#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "finetune/finetuner.h"
#include "events/events.h"
#include "pipeline/pipeline_settings.h"

namespace hullft {

class CancellationToken;
class Embedder;
class LanguageModel;
class PipelineObserver;
class Store;
class Tokenizer;

// A chosen training sequence as reports show it.
struct SelectedSequence {
    SupportPoint point;   // candidate row, sequence id, weight (or score / acquisition value), count
    std::string domain;
    std::string source;   // package:path#part of the document it was cut from
    double similarity = 0.0;  // inner product with the query embedding
};

struct QueryResult {
    std::string query_id;
    Method method = Method::Hullft;
    std::vector<Candidate> candidates;
    std::vector<SelectedSequence> selection;  // in selection order
    std::vector<int64_t> training_order;      // sequence ids, one finetune step each
    std::optional<FinetuneResult> finetune;   // empty for the base method
    EvaluationEvent evaluation;
    GenerationEvent generation;
    std::map<std::string, double> stage_seconds;  // embed, preselect, select, finetune, evaluate, generate
    double total_seconds = 0.0;
    std::string adapter_saved_to;  // the PEFT folder written for settings.adapter_directory, if any
};

// One TTFT query end to end (core/pipeline/README.md): embed, preselect K, select by method,
// integerize, finetune, evaluate base and adapted, generate from both, restore the base. Every
// stage reports to the observer and times itself. The model's base weights are kept once, at
// construction, and put back after every query, also when it fails or is cancelled.
class QueryPipeline {
public:
    // `embeddingTokenizer` encodes the query for `embedder` (the tokenizer the store was chunked
    // with: an HfEmbedder's own); null = `tokenizer`, the model's.
    QueryPipeline(LanguageModel& model, const Tokenizer& tokenizer, const Store& store, Embedder& embedder,
                  const Tokenizer* embeddingTokenizer = nullptr);
    ~QueryPipeline();

    // `whileAdapted`, when given, runs last, while the query's weights are still in place (the
    // adapted ones, or the base's when the method adapts nothing or the circuit breaker refused),
    // before the base is restored: what a caller computes with the adapted model (a service's
    // completion and log-probabilities) goes there.
    QueryResult run(const std::string& queryId, const std::string& text, const PipelineSettings& settings,
                    PipelineObserver& observer, const CancellationToken& cancel,
                    const std::function<void(LanguageModel&)>& whileAdapted = {});

    const Store& store() const { return store_; }

private:
    class Run;

    LanguageModel& model_;
    const Tokenizer& tokenizer_;
    const Tokenizer& embeddingTokenizer_;
    const Store& store_;
    Embedder& embedder_;
    Finetuner finetuner_;
};

}  // namespace hullft
