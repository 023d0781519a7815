#include "pipeline/query_pipeline.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "common/cancellation.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "datastore/embedder.h"
#include "datastore/store.h"
#include "eval/bpb.h"
#include "eval/generation.h"
#include "model/gpt2_model.h"
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

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

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

Selection knnSelection(const EmbeddingMatrix& pool, const std::vector<double>& query, int n) {
    const KnnResult knn = knnSelect(pool, query, n);
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

}  // namespace

QueryPipeline::QueryPipeline(Gpt2Model& model, const Tokenizer& tokenizer, const Store& store, Embedder& embedder)
    : model_(model), tokenizer_(tokenizer), store_(store), embedder_(embedder), finetuner_(model) {
    store_.requireEmbedder(embedder_.identity());
}

QueryResult QueryPipeline::run(const std::string& queryId, const std::string& text, const PipelineSettings& settings,
                               PipelineObserver& observer, const CancellationToken& cancel) {
    validatePipelineSettings(settings);
    const auto started = Clock::now();
    QueryResult result;
    result.query_id = queryId;
    result.method = settings.method;
    const auto finishStage = [&](const std::string& stage, Clock::time_point stageStart) {
        const double seconds = secondsSince(stageStart);
        result.stage_seconds[stage] = seconds;
        observer.onStageTiming({stage, seconds});
        cancel.throwIfCancelled();
    };
    const auto progress = [&](const std::string& stage, int64_t done) {
        observer.onProgress({stage, done, 6, secondsSince(started), -1.0});
    };

    const std::vector<int64_t> queryIds = tokenizer_.encode(text);
    if (queryIds.size() < 2) throw InputError("query", "needs at least two tokens to be scored");
    const int64_t queryBytes = static_cast<int64_t>(text.size());
    torch::manual_seed(settings.seed);

    try {
        BaseRestorer restorer(finetuner_);
        // 1. Embed the query.
        auto stageStart = Clock::now();
        progress("embed", 0);
        const torch::Tensor embedded = embedder_.embed({queryIds}).to(torch::kCPU).contiguous();
        const std::vector<float> query(embedded.data_ptr<float>(), embedded.data_ptr<float>() + embedded.numel());
        observer.onQueryStarted({queryId, text, methodName(settings.method), settings.n, settings.k,
                                 sha256Hex(query.data(), query.size() * sizeof(float))});
        finishStage("embed", stageStart);

        // 2. Preselect K candidates by inner product.
        stageStart = Clock::now();
        progress("preselect", 1);
        const SearchResult found = store_.preselect(query, settings.k);
        std::vector<double> poolValues;
        poolValues.reserve(found.ids.size() * query.size());
        for (size_t i = 0; i < found.ids.size(); ++i) {
            result.candidates.push_back({found.ids[i], found.scores[i]});
            const std::vector<float> vector = store_.storedVector(found.ids[i]);
            poolValues.insert(poolValues.end(), vector.begin(), vector.end());
        }
        const EmbeddingMatrix pool(found.ids.size(), query.size(), poolValues);
        const std::vector<double> queryVector(query.begin(), query.end());
        finishStage("preselect", stageStart);
        observer.onCandidatesReady({result.candidates, result.stage_seconds["preselect"]});

        // 3. Select the training sequences (FW + integerization, kNN or SIFT).
        stageStart = Clock::now();
        progress("select", 2);
        if (settings.method != Method::Base && static_cast<int>(pool.rows()) < settings.n)
            throw InputError(store_.directory(), "the store returned " + std::to_string(pool.rows()) +
                                                     " candidates, fewer than N = " + std::to_string(settings.n));
        Selection selection;
        switch (settings.method) {
            case Method::Base: break;
            case Method::Knn: selection = knnSelection(pool, queryVector, settings.n); break;
            case Method::Sift: selection = siftSelection(pool, queryVector, settings); break;
            case Method::Hullft:
            case Method::HullftNoReuse:
            case Method::FwPad: selection = frankWolfeSelection(pool, queryVector, settings, observer); break;
        }
        for (auto& point : selection.support) point.sequence_id = found.ids[static_cast<size_t>(point.row)];
        for (const int64_t row : selection.training_rows) result.training_order.push_back(found.ids[static_cast<size_t>(row)]);
        finishStage("select", stageStart);
        observer.onEmbeddingProjection(
            projectOnPrincipalPlane(poolValues, pool.rows(), pool.cols(), queryVector, selection.reconstruction));
        observer.onSelectionReady({methodName(settings.method), selection.support, result.training_order,
                                   result.stage_seconds["select"]});

        std::map<int64_t, std::vector<int64_t>> sequenceTokens;
        for (const SupportPoint& point : selection.support) {
            const SequenceRecord record = store_.sequence(point.sequence_id);
            result.selection.push_back({point, record.domain, sourceOf(record), found.scores[static_cast<size_t>(point.row)]});
            sequenceTokens[point.sequence_id] = tokenizer_.encode(record.text);
        }

        // 4. Score and continue the query with the base weights.
        stageStart = Clock::now();
        progress("evaluate", 3);
        const BitsPerByte base = bitsPerByte(model_, queryIds, queryBytes);
        GenerationOptions generation;
        generation.maxNewTokens = settings.generate_tokens;
        generation.sample = settings.temperature > 0;
        generation.temperature = settings.temperature;
        generation.topP = settings.top_p;
        generation.endOfTextId = tokenizer_.endOfTextId();
        generation.seed = settings.seed;
        const int64_t promptLimit = std::max<int64_t>(1, model_.contextLength() - settings.generate_tokens);
        const std::vector<int64_t> prompt(queryIds.end() - std::min<int64_t>(promptLimit, queryIds.size()), queryIds.end());
        result.generation.prompt = text;
        result.generation.base_continuation = tokenizer_.decode(generate(model_, prompt, generation, &cancel));
        double evaluateSeconds = secondsSince(stageStart);

        // 5. Finetune on the training order (HullFT step 4).
        BitsPerByte adapted = base;
        std::string adaptedContinuation = result.generation.base_continuation;
        if (settings.method != Method::Base) {
            stageStart = Clock::now();
            progress("finetune", 4);
            std::vector<TrainingSequence> order;
            for (const int64_t id : result.training_order) order.push_back({id, sequenceTokens.at(id)});
            FinetuneSettings finetuneSettings = settings.finetune;
            const bool reuse = settings.method == Method::Hullft || settings.method == Method::FwPad;
            finetuneSettings.refresh_interval = reuse ? settings.refresh_interval : 1;
            FinetuneHooks hooks;
            hooks.observer = &observer;
            hooks.cancellation = &cancel;
            hooks.query_bpb = [&](LanguageModel& model) { return bitsPerByte(model, queryIds, queryBytes).bpb; };
            result.finetune = finetuner_.adapt(order, finetuneSettings, hooks);
            finishStage("finetune", stageStart);

            // 6. Score and continue the query with the adapted weights.
            stageStart = Clock::now();
            progress("evaluate", 5);
            if (result.finetune->adapted) {
                adapted = bitsPerByte(model_, queryIds, queryBytes);
                adaptedContinuation = tokenizer_.decode(generate(model_, prompt, generation, &cancel));
            }
            evaluateSeconds += secondsSince(stageStart);
        }
        result.stage_seconds["evaluate"] = evaluateSeconds;
        observer.onStageTiming({"evaluate", evaluateSeconds});

        result.evaluation.base_bpb = base.bpb;
        result.evaluation.adapted_bpb = adapted.bpb;
        result.evaluation.tokens = base.tokens;
        result.evaluation.bytes = base.bytes;
        result.evaluation.base_token_losses = base.tokenLosses;
        result.evaluation.adapted_token_losses = adapted.tokenLosses;
        result.evaluation.adapted_rejected = result.finetune && !result.finetune->adapted;
        result.evaluation.seconds = evaluateSeconds;
        result.generation.adapted_continuation = adaptedContinuation;
        observer.onEvaluation(result.evaluation);
        observer.onGeneration(result.generation);
    } catch (const CancelledError&) {
        observer.onQueryFinished({queryId, secondsSince(started), true, ""});
        throw;
    } catch (const std::exception& e) {
        observer.onQueryFinished({queryId, secondsSince(started), false, e.what()});
        throw;
    }
    result.total_seconds = secondsSince(started);
    progress("done", 6);
    observer.onQueryFinished({queryId, result.total_seconds, false, ""});
    return result;
}

}  // namespace hullft
