#include "session_fixtures.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

#include "session_recorder.h"
#include "common/sha256.h"

namespace hullft::sessions::testing {
namespace {

constexpr int kCandidates = 200;
constexpr int kSteps = 20;

std::vector<PipelineEvent> candidatesAndTrace(std::mt19937& random, SelectionReadyEvent& selection) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    CandidatesReadyEvent candidates;
    for (int i = 0; i < kCandidates; ++i)
        candidates.candidates.push_back({1000 + 37 * i + static_cast<int64_t>(random() % 31), 0.95 - 0.003 * i});
    candidates.seconds = 0.0123;
    std::vector<PipelineEvent> events(11);
    events[0] = candidates;
    double residual = 0.8;
    for (int iteration = 0; iteration < 10; ++iteration) {
        events[iteration + 1] = FwIterationEvent{iteration, static_cast<int64_t>(random() % kCandidates),
                                                 2.0 / (iteration + 2.0), residual};
        residual *= 0.55 + 0.1 * unit(random);
    }
    // Eight support points with convex weights and counts summing to N = 20.
    const std::vector<double> weights = {0.31, 0.19, 0.14, 0.11, 0.09, 0.07, 0.05, 0.04};
    const std::vector<int> counts = {6, 4, 3, 2, 2, 1, 1, 1};
    selection.method = "hullft";
    for (size_t i = 0; i < weights.size(); ++i) {
        const int64_t row = static_cast<int64_t>(3 * i + 1);
        selection.support.push_back({row, candidates.candidates[row].sequence_id, weights[i], counts[i]});
    }
    for (int round = 0; round < 6; ++round)
        for (const SupportPoint& p : selection.support)
            if (p.count > round) selection.training_order.push_back(p.sequence_id);
    selection.seconds = 0.0045;
    return events;
}

std::vector<PipelineEvent> finetuneSteps(std::mt19937& random, const SelectionReadyEvent& selection, bool nanAtBreaker) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<PipelineEvent> events;
    std::vector<int64_t> seen;
    int64_t hits = 0, misses = 0;
    double loss = 2.9;
    for (int step = 0; step < kSteps; ++step) {
        FinetuneStepEvent e;
        e.step = step;
        e.total_steps = kSteps;
        e.sequence_id = selection.training_order[step];
        const auto repeats = std::count(seen.begin(), seen.end(), e.sequence_id);
        seen.push_back(e.sequence_id);
        e.computed = repeats % 2 == 0;  // refresh interval r = 2
        (e.computed ? misses : hits) += 1;
        if (e.computed) e.loss = loss -= 0.05 + 0.05 * unit(random);
        if (nanAtBreaker && step == kSteps - 1) e.loss = std::nan("");
        e.gradient_norm = 3.0 + unit(random);
        e.update_norm = 1e-3 * (1.0 + unit(random));
        e.learning_rate = 5e-5;
        e.wall_seconds = e.computed ? 0.21 : 0.02;
        e.cache_bytes = 4'000'000 * static_cast<int64_t>(std::min<size_t>(seen.size(), 8));
        e.cache_hits = hits;
        e.cache_misses = misses;
        e.seconds_saved = 0.19 * static_cast<double>(hits);
        e.parameter_digest = sha256Hex("parameters after step " + std::to_string(step) + std::to_string(random()));
        events.push_back(e);
    }
    events.push_back(CircuitBreakerEvent{nanAtBreaker ? kSteps - 1 : -1,
                                         nanAtBreaker ? "non-finite loss" : "adapted BPB 1.32 above base 1.20",
                                         true});
    return events;
}

std::vector<PipelineEvent> evaluationAndEnd(std::mt19937& random, const QueryOptions& options) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    EvaluationEvent evaluation;
    for (int token = 0; token < 64; ++token) {
        evaluation.base_token_losses.push_back(1.0 + 2.0 * unit(random));
        evaluation.adapted_token_losses.push_back(0.8 + 1.8 * unit(random));
    }
    evaluation.base_bpb = 1.2;
    evaluation.adapted_bpb = 1.32;
    evaluation.tokens = 64;
    evaluation.bytes = 65;
    evaluation.adapted_rejected = true;
    evaluation.seconds = 0.31;
    evaluation.bpb_rule = "full";
    std::vector<PipelineEvent> events;
    events.push_back(evaluation);
    // A byte-level model can produce invalid UTF-8; the record must keep it byte for byte.
    events.push_back(GenerationEvent{options.text, " It moves toward the vertex that best reduces the residual.",
                                     " It picks \xff\xfe the nearest <b>candidates</b> & stops."});
    for (const char* stage : {"embed", "select", "finetune", "evaluate", "generate"})
        events.push_back(StageTimingEvent{stage, 0.1 + unit(random)});
    events.push_back(QueryFinishedEvent{options.query_id, 5.25, false, ""});
    return events;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
bool same(const std::optional<double>& a, const std::optional<double>& b) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
bool same(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](double x, double y) { return same(x, y); });
}

struct Same {
    bool operator()(const QueryStartedEvent& a, const QueryStartedEvent& b) const {
        return std::tie(a.query_id, a.text, a.method, a.n, a.k, a.embedding_digest) ==
               std::tie(b.query_id, b.text, b.method, b.n, b.k, b.embedding_digest);
    }
    bool operator()(const CandidatesReadyEvent& a, const CandidatesReadyEvent& b) const {
        return same(a.seconds, b.seconds) && a.candidates.size() == b.candidates.size() &&
               std::equal(a.candidates.begin(), a.candidates.end(), b.candidates.begin(), [](const Candidate& x, const Candidate& y) {
                   return x.sequence_id == y.sequence_id && same(x.score, y.score);
               });
    }
    bool operator()(const FwIterationEvent& a, const FwIterationEvent& b) const {
        return a.iteration == b.iteration && a.chosen_row == b.chosen_row && same(a.gamma, b.gamma) &&
               same(a.residual_norm, b.residual_norm);
    }
    bool operator()(const SelectionReadyEvent& a, const SelectionReadyEvent& b) const {
        return a.method == b.method && a.training_order == b.training_order && same(a.seconds, b.seconds) &&
               a.support.size() == b.support.size() &&
               std::equal(a.support.begin(), a.support.end(), b.support.begin(), [](const SupportPoint& x, const SupportPoint& y) {
                   return x.row == y.row && x.sequence_id == y.sequence_id && same(x.weight, y.weight) && x.count == y.count;
               });
    }
    bool operator()(const FinetuneStepEvent& a, const FinetuneStepEvent& b) const {
        return std::tie(a.step, a.total_steps, a.sequence_id, a.computed, a.cache_bytes, a.cache_hits, a.cache_misses,
                        a.parameter_digest) == std::tie(b.step, b.total_steps, b.sequence_id, b.computed, b.cache_bytes,
                                                        b.cache_hits, b.cache_misses, b.parameter_digest) &&
               same(a.loss, b.loss) && same(a.gradient_norm, b.gradient_norm) && same(a.update_norm, b.update_norm) &&
               same(a.learning_rate, b.learning_rate) && same(a.wall_seconds, b.wall_seconds) &&
               same(a.seconds_saved, b.seconds_saved);
    }
    bool operator()(const CircuitBreakerEvent& a, const CircuitBreakerEvent& b) const {
        return std::tie(a.step, a.reason, a.base_restored) == std::tie(b.step, b.reason, b.base_restored);
    }
    bool operator()(const EvaluationEvent& a, const EvaluationEvent& b) const {
        return same(a.base_bpb, b.base_bpb) && same(a.adapted_bpb, b.adapted_bpb) && a.tokens == b.tokens &&
               a.bytes == b.bytes && same(a.base_token_losses, b.base_token_losses) &&
               same(a.adapted_token_losses, b.adapted_token_losses) && a.adapted_rejected == b.adapted_rejected &&
               same(a.seconds, b.seconds);
    }
    bool operator()(const GenerationEvent& a, const GenerationEvent& b) const {
        return std::tie(a.prompt, a.base_continuation, a.adapted_continuation) ==
               std::tie(b.prompt, b.base_continuation, b.adapted_continuation);
    }
    bool operator()(const StageTimingEvent& a, const StageTimingEvent& b) const {
        return a.stage == b.stage && same(a.seconds, b.seconds);
    }
    bool operator()(const EmbeddingProjectionEvent& a, const EmbeddingProjectionEvent& b) const {
        return same(a.candidate_x, b.candidate_x) && same(a.candidate_y, b.candidate_y) && same(a.query_x, b.query_x) &&
               same(a.query_y, b.query_y) && same(a.reconstruction_x, b.reconstruction_x) &&
               same(a.reconstruction_y, b.reconstruction_y) && same(a.explained_variance, b.explained_variance);
    }
    bool operator()(const QueryFinishedEvent& a, const QueryFinishedEvent& b) const {
        return std::tie(a.query_id, a.cancelled, a.error) == std::tie(b.query_id, b.cancelled, b.error) &&
               same(a.total_seconds, b.total_seconds);
    }
    template <typename A, typename B>
    bool operator()(const A&, const B&) const {
        return false;
    }
};

}  // namespace

std::vector<PipelineEvent> realisticQuery(const QueryOptions& options) {
    std::mt19937 random(options.seed);
    std::vector<PipelineEvent> events;
    events.push_back(
        QueryStartedEvent{options.query_id, options.text, "hullft", 20, kCandidates, sha256Hex("embedding of " + options.text)});
    SelectionReadyEvent selection;
    for (PipelineEvent& e : candidatesAndTrace(random, selection)) events.push_back(std::move(e));
    events.push_back(selection);
    for (PipelineEvent& e : finetuneSteps(random, selection, options.nan_loss_at_breaker)) events.push_back(std::move(e));
    for (PipelineEvent& e : evaluationAndEnd(random, options)) events.push_back(std::move(e));
    return events;
}

SessionInfo sampleInfo() {
    SessionInfo info;
    info.tool_version = "0.1.0";
    info.model_identity = "sha256:" + sha256Hex("model.safetensors");
    info.datastore_identity = "sha256:" + sha256Hex("datastore manifest");
    info.device = "cpu";
    info.settings_json = R"({"n": 20, "k": 200, "refresh_interval": 2, "learning_rate": 5e-05, "method": "hullft"})";
    info.created_at = "2026-11-23T15:00:00Z";
    return info;
}

void recordSession(const std::string& path, const std::vector<PipelineEvent>& events, RecorderOptions options) {
    SessionRecorder recorder(path, sampleInfo(), std::move(options));
    for (const PipelineEvent& event : events) deliver(event, recorder);
}

bool sameEvent(const PipelineEvent& a, const PipelineEvent& b) { return std::visit(Same{}, a, b); }

}  // namespace hullft::sessions::testing
