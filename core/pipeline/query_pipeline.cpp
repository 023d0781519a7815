#include "pipeline/query_pipeline.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "common/cancellation.h"
#include "common/elapsed.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "datastore/embedder.h"
#include "datastore/store.h"
#include "eval/bpb.h"
#include "eval/generation.h"
#include "model/language_model.h"
#include "pipeline/embedding_projection.h"
#include "events/observer.h"
#include "selection/frank_wolfe.h"
#include "selection/hullft_select.h"
#include "selection/knn.h"
#include "selection/largest_remainder.h"
#include "selection/sift.h"
#include "tokenizer/tokenizer.h"

namespace hullft {

namespace {

// What a selection method decided, in pool rows.
struct Selection {
    std::vector<SupportPoint> support;   // rows and weights; sequence ids filled in later
    std::vector<int64_t> training_rows;  // one finetune step each
    std::vector<double> reconstruction;  // the point the support stands for (d values)
};

std::vector<int> countsInSupportOrder(const std::vector<int64_t>& supportRows, const std::vector<int64_t>& rows) {
    std::vector<int> counts(supportRows.size(), 0);
    for (const int64_t row : rows)
        for (size_t i = 0; i < supportRows.size(); ++i)
            if (supportRows[i] == row) ++counts[i];
    return counts;
}

// Σ_i w_i X_i over the support, with weights renormalised to sum 1 (empty when there are none).
std::vector<double> weightedMean(const EmbeddingMatrix& pool, const std::vector<int64_t>& rows,
                                 const std::vector<double>& weights) {
    double total = 0.0;
    for (const double w : weights) total += w;
    if (rows.empty() || total <= 0) return {};
    std::vector<double> point(pool.cols(), 0.0);
    for (size_t i = 0; i < rows.size(); ++i) {
        const double* row = pool.row(static_cast<size_t>(rows[i]));
        for (size_t c = 0; c < pool.cols(); ++c) point[c] += weights[i] / total * row[c];
    }
    return point;
}

Selection frankWolfeSelection(const EmbeddingMatrix& pool, const std::vector<double>& query,
                              const PipelineSettings& settings, PipelineObserver& observer) {
    Selection selection;
    std::vector<int64_t> supportRows;
    std::vector<double> weights;
    if (settings.method == Method::FwPad) {
        const FrankWolfeResult fw =
            frankWolfe(pool, query, {settings.n, settings.fw_max_iter, settings.fw_tol});
        for (const auto& iteration : fw.trace) observer.onFwIteration(iteration);
        supportRows = fw.support;
        weights = fw.weights;
        selection.training_rows = largestRemainderMultiset(fw.support, fw.weights, settings.n);
    } else {
        const HullftSelection hullft =
            hullftSelect(pool, query, {settings.n, settings.fw_max_iter, settings.fw_tol, settings.swap_passes});
        for (const auto& iteration : hullft.reconstruction.trace) observer.onFwIteration(iteration);
        supportRows = hullft.reconstruction.support;
        weights = hullft.reconstruction.weights;
        selection.training_rows = hullft.integerization.multiset;
    }
    const std::vector<int> counts = countsInSupportOrder(supportRows, selection.training_rows);
    for (size_t i = 0; i < supportRows.size(); ++i) selection.support.push_back({supportRows[i], 0, weights[i], counts[i]});
    selection.reconstruction = weightedMean(pool, supportRows, weights);
    return selection;
}

// kNN by inner product recomputes the candidates' scores like the reference. In an L2 store the
// N nearest are the first N candidates the index returned (exact squared distances, best
// first), which is what the published L2 pipelines train on.
Selection knnSelection(const EmbeddingMatrix& pool, const std::vector<double>& query, int n, const SearchResult& candidates,
                       const std::string& metric) {
    KnnResult knn;
    if (metric == "l2") {
        for (int64_t row = 0; row < std::min<int64_t>(n, pool.rows()); ++row) {
            knn.indices.push_back(row);
            knn.scores.push_back(candidates.scores[static_cast<size_t>(row)]);
        }
    } else {
        knn = knnSelect(pool, query, n);
    }
    Selection selection;
    for (size_t i = 0; i < knn.indices.size(); ++i) selection.support.push_back({knn.indices[i], 0, knn.scores[i], 1});
    selection.training_rows = knn.indices;
    selection.reconstruction = weightedMean(pool, knn.indices, std::vector<double>(knn.indices.size(), 1.0));
    return selection;
}

// SIFT may pick a point again; the support lists each point once, at its first pick, with
// that pick's acquisition value, and the training order is the picks in order.
Selection siftSelection(const EmbeddingMatrix& pool, const std::vector<double>& query, const PipelineSettings& settings) {
    const SiftResult sift = siftSelect(pool, query, {settings.n, settings.sift_lambda, true});
    Selection selection;
    std::vector<int64_t> supportRows;
    std::vector<double> values;
    for (size_t i = 0; i < sift.indices.size(); ++i) {
        if (std::find(supportRows.begin(), supportRows.end(), sift.indices[i]) != supportRows.end()) continue;
        supportRows.push_back(sift.indices[i]);
        values.push_back(sift.values[i]);
    }
    const std::vector<int> counts = countsInSupportOrder(supportRows, sift.indices);
    std::vector<double> countWeights(counts.begin(), counts.end());
    for (size_t i = 0; i < supportRows.size(); ++i) selection.support.push_back({supportRows[i], 0, values[i], counts[i]});
    selection.training_rows = sift.indices;
    selection.reconstruction = weightedMean(pool, supportRows, countWeights);
    return selection;
}

std::string sourceOf(const SequenceRecord& record) {
    std::string source = record.package.empty() ? record.path : record.package + ":" + record.path;
    if (!record.part.empty()) source += "#" + record.part;
    return source;
}

// Puts the base weights back however the query ends.
class BaseRestorer {
public:
    explicit BaseRestorer(Finetuner& finetuner) : finetuner_(finetuner) {}
    ~BaseRestorer() { finetuner_.restoreBase(); }
    BaseRestorer(const BaseRestorer&) = delete;
    BaseRestorer& operator=(const BaseRestorer&) = delete;

private:
    Finetuner& finetuner_;
};

// The steps a query's selection must take for the method: FW + integerization, kNN or SIFT.
Selection selectFor(const EmbeddingMatrix& pool, const std::vector<double>& query, const PipelineSettings& settings,
                    const SearchResult& candidates, const std::string& metric, PipelineObserver& observer) {
    switch (settings.method) {
        case Method::Base: return {};
        case Method::Knn: return knnSelection(pool, query, settings.n, candidates, metric);
        case Method::Sift: return siftSelection(pool, query, settings);
        case Method::Hullft:
        case Method::HullftNoReuse:
        case Method::FwPad: return frankWolfeSelection(pool, query, settings, observer);
    }
    return {};
}

}  // namespace

// One query's stages (core/pipeline/README.md): each reports its events, times itself and checks
// for cancellation at its end.
class QueryPipeline::Run {
public:
    Run(QueryPipeline& pipeline, const std::string& queryId, const std::string& text, const PipelineSettings& settings,
        PipelineObserver& observer, const CancellationToken& cancel)
        : p_(pipeline), text_(text), settings_(settings), observer_(observer), cancel_(cancel) {
        result_.query_id = queryId;
        result_.method = settings.method;
        // Scoring, finetuning and the prompt use the ids transformers' tokenizer(text) gives (a
        // Llama-style BOS first where the tokenizer adds one); the embedding uses the plain ids of
        // the tokenizer the store's sequences were embedded from.
        query_ids_ = p_.tokenizer_.encodeWithSpecialTokens(text);
        embedded_ids_ = p_.embeddingTokenizer_.encode(text);
        if (query_ids_.size() < 2) throw InputError("query", "needs at least two tokens to be scored");
        torch::manual_seed(settings.seed);
    }

    // 1. Embed the query.
    void embed() {
        const auto start = beginStage("embed", 0);
        const torch::Tensor embedded = p_.embedder_.embed({embedded_ids_}).to(torch::kCPU).contiguous();
        query_.assign(embedded.data_ptr<float>(), embedded.data_ptr<float>() + embedded.numel());
        observer_.onQueryStarted({result_.query_id, text_, methodName(settings_.method), settings_.n, settings_.k,
                                  sha256Hex(query_.data(), query_.size() * sizeof(float))});
        finishStage("embed", start);
    }

    // 2. Preselect K candidates by the store's metric.
    void preselect() {
        const auto start = beginStage("preselect", 1);
        found_ = p_.store_.preselect(query_, settings_.k);
        for (size_t i = 0; i < found_.ids.size(); ++i) result_.candidates.push_back({found_.ids[i], found_.scores[i]});
        const std::vector<float> vectors = p_.store_.storedVectors(found_.ids);
        pool_values_.assign(vectors.begin(), vectors.end());
        finishStage("preselect", start);
        observer_.onCandidatesReady({result_.candidates, result_.stage_seconds["preselect"]});
    }

    // 3. Select the training sequences (HullFT steps 2-3, kNN or SIFT).
    void select() {
        const auto start = beginStage("select", 2);
        // Fewer candidates than K (a small store, an IVF probe) or than N are fine: hullft and
        // fw-pad repeat points, SIFT picks N times, kNN trains on every candidate once.
        const EmbeddingMatrix pool(found_.ids.size(), query_.size(), pool_values_);
        if (settings_.method != Method::Base && pool.rows() == 0)
            throw InputError(p_.store_.directory(), "the store returned no candidates for the query");
        const std::vector<double> query(query_.begin(), query_.end());
        Selection selection = selectFor(pool, query, settings_, found_, p_.store_.manifest().metric, observer_);
        for (auto& point : selection.support) point.sequence_id = found_.ids[static_cast<size_t>(point.row)];
        for (const int64_t row : selection.training_rows)
            result_.training_order.push_back(found_.ids[static_cast<size_t>(row)]);
        finishStage("select", start);
        observer_.onEmbeddingProjection(
            projectOnPrincipalPlane(pool_values_, pool.rows(), pool.cols(), query, selection.reconstruction));
        observer_.onSelectionReady({methodName(settings_.method), selection.support, result_.training_order,
                                    result_.stage_seconds["select"]});
        for (const SupportPoint& point : selection.support) {
            const SequenceRecord record = p_.store_.sequence(point.sequence_id);
            result_.selection.push_back(
                {point, record.domain, sourceOf(record), found_.scores[static_cast<size_t>(point.row)]});
            sequence_tokens_[point.sequence_id] = p_.tokenizer_.encodeWithSpecialTokens(record.text);
        }
    }

    // 4. Score and continue the query with the base weights.
    void evaluateBase() {
        const auto start = Clock::now();
        progress("evaluate", 3);
        base_ = bitsPerByte(p_.model_, query_ids_, static_cast<int64_t>(text_.size()), settings_.bpb_rule);
        result_.generation.prompt = text_;
        result_.generation.base_continuation = continuation();
        evaluate_seconds_ += secondsSince(start);
    }

    // 5. Finetune on the training order (HullFT step 4); r = 1 for the methods without reuse.
    void finetune() {
        if (settings_.method == Method::Base) return;
        const auto start = beginStage("finetune", 4);
        std::vector<TrainingSequence> order;
        for (const int64_t id : result_.training_order) order.push_back({id, sequence_tokens_.at(id)});
        FinetuneSettings finetuneSettings = settings_.finetune;
        const bool reuse = settings_.method == Method::Hullft || settings_.method == Method::FwPad;
        if (!reuse) finetuneSettings.refresh_interval = 1;
        FinetuneHooks hooks;
        hooks.observer = &observer_;
        hooks.cancellation = &cancel_;
        hooks.query_bpb = [this](LanguageModel& model) {
            return bitsPerByte(model, query_ids_, static_cast<int64_t>(text_.size()), settings_.bpb_rule).bpb;
        };
        result_.finetune = p_.finetuner_.adapt(order, finetuneSettings, hooks);
        if (result_.finetune->adapted && p_.finetuner_.adapters() && !settings_.adapter_directory.empty()) {
            p_.finetuner_.adapters()->savePeft(settings_.adapter_directory, p_.model_.architecture());
            result_.adapter_saved_to = settings_.adapter_directory;
        }
        finishStage("finetune", start);
    }

    // 6. Score and continue the query with the adapted weights (the base's when none were kept).
    void evaluateAdapted() {
        adapted_ = base_;
        result_.generation.adapted_continuation = result_.generation.base_continuation;
        if (result_.finetune && result_.finetune->adapted) {
            const auto start = Clock::now();
            progress("evaluate", 5);
            adapted_ = bitsPerByte(p_.model_, query_ids_, static_cast<int64_t>(text_.size()), settings_.bpb_rule);
            result_.generation.adapted_continuation = continuation();
            evaluate_seconds_ += secondsSince(start);
        }
        result_.stage_seconds["evaluate"] = evaluate_seconds_;
        observer_.onStageTiming({"evaluate", evaluate_seconds_});
        EvaluationEvent& evaluation = result_.evaluation;
        evaluation.base_bpb = base_.bpb;
        evaluation.adapted_bpb = adapted_.bpb;
        evaluation.tokens = base_.tokens;
        evaluation.bytes = base_.bytes;
        evaluation.base_token_losses = base_.tokenLosses;
        evaluation.adapted_token_losses = adapted_.tokenLosses;
        evaluation.adapted_rejected = result_.finetune && !result_.finetune->adapted;
        evaluation.seconds = evaluate_seconds_;
        evaluation.bpb_rule = bpbRuleName(settings_.bpb_rule);
        observer_.onEvaluation(evaluation);
        observer_.onGeneration(result_.generation);
    }

    QueryResult& result() { return result_; }

private:
    Clock::time_point beginStage(const std::string& stage, int64_t done) {
        progress(stage, done);
        return Clock::now();
    }
    void finishStage(const std::string& stage, Clock::time_point start) {
        const double seconds = secondsSince(start);
        result_.stage_seconds[stage] = seconds;
        observer_.onStageTiming({stage, seconds});
        cancel_.throwIfCancelled();
    }
    void progress(const std::string& stage, int64_t done) {
        observer_.onProgress({stage, done, kStages, secondsSince(started_), -1.0});
    }

    // The model's continuation of the query's last tokens, as the current weights give it.
    std::string continuation() {
        GenerationOptions generation;
        generation.maxNewTokens = settings_.generate_tokens;
        generation.sample = settings_.temperature > 0;
        generation.temperature = settings_.temperature;
        generation.topP = settings_.top_p;
        generation.endOfTextId = p_.tokenizer_.endOfTextId();
        generation.seed = settings_.seed;
        const int64_t promptLimit = std::max<int64_t>(1, p_.model_.contextLength() - settings_.generate_tokens);
        const std::vector<int64_t> prompt(query_ids_.end() - std::min<int64_t>(promptLimit, query_ids_.size()),
                                          query_ids_.end());
        return p_.tokenizer_.decode(generate(p_.model_, prompt, generation, &cancel_));
    }

    static constexpr int64_t kStages = 6;  // progress: embed ... evaluate adapted, then done

    QueryPipeline& p_;
    const std::string& text_;
    const PipelineSettings& settings_;
    PipelineObserver& observer_;
    const CancellationToken& cancel_;
    const Clock::time_point started_ = Clock::now();
    QueryResult result_;
    std::vector<int64_t> query_ids_;
    std::vector<int64_t> embedded_ids_;
    std::vector<float> query_;           // the query's embedding
    SearchResult found_;                 // the K candidates
    std::vector<double> pool_values_;    // their stored vectors, row after row
    std::map<int64_t, std::vector<int64_t>> sequence_tokens_;
    BitsPerByte base_, adapted_;
    double evaluate_seconds_ = 0.0;
};

QueryPipeline::QueryPipeline(LanguageModel& model, const Tokenizer& tokenizer, const Store& store, Embedder& embedder,
                             const Tokenizer* embeddingTokenizer)
    : model_(model),
      tokenizer_(tokenizer),
      embeddingTokenizer_(embeddingTokenizer ? *embeddingTokenizer : tokenizer),
      store_(store),
      embedder_(embedder),
      finetuner_(model) {
    store_.requireEmbedder(embedder_.identity());
}

QueryPipeline::~QueryPipeline() = default;

QueryResult QueryPipeline::run(const std::string& queryId, const std::string& text, const PipelineSettings& settings,
                               PipelineObserver& observer, const CancellationToken& cancel,
                               const std::function<void(LanguageModel&)>& whileAdapted) {
    const auto started = Clock::now();
    // Every failure, from the settings on, ends with a QueryFinished event that says why.
    try {
        validatePipelineSettings(settings);
        Run query(*this, queryId, text, settings, observer, cancel);
        {
            BaseRestorer restorer(finetuner_);
            query.embed();
            query.preselect();
            query.select();
            query.evaluateBase();
            query.finetune();
            query.evaluateAdapted();
            if (whileAdapted) whileAdapted(model_);
        }
        QueryResult& result = query.result();
        result.total_seconds = secondsSince(started);
        observer.onProgress({"done", 6, 6, result.total_seconds, -1.0});
        observer.onQueryFinished({queryId, result.total_seconds, false, ""});
        return std::move(result);
    } catch (const CancelledError&) {
        observer.onQueryFinished({queryId, secondsSince(started), true, ""});
        throw;
    } catch (const std::exception& e) {
        observer.onQueryFinished({queryId, secondsSince(started), false, e.what()});
        throw;
    }
}

}  // namespace hullft
