#include "scripted_query.h"

#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "common/cancellation.h"

namespace hullft::testing {

namespace {
// Hand-made convex weights and their integerization for N = 20 (floor of N * w, rounded up where
// the remainder is largest).
const std::vector<double> kHullWeights = {0.27, 0.20, 0.15, 0.12, 0.10, 0.08, 0.05, 0.03};
const std::vector<int> kHullCounts = {5, 4, 3, 2, 2, 2, 1, 1};

int64_t sequenceIdOfRow(int64_t row) { return 1000 + 7 * row; }

struct Geometry {
    std::vector<double> x, y;
    std::vector<int64_t> support_rows;
};

// Candidates scattered around the origin; the support placed on a ring around the query so the
// query lies inside their hull.
Geometry makeGeometry(int k, int support_size, std::mt19937& random) {
    std::normal_distribution<double> spread(0.0, 1.0);
    Geometry geometry;
    for (int i = 0; i < k; ++i) {
        geometry.x.push_back(spread(random));
        geometry.y.push_back(0.8 * spread(random));
    }
    for (int i = 0; i < support_size && i < k; ++i) {
        const int64_t row = (i * 13) % k;
        const double angle = 2.0 * M_PI * i / support_size;
        geometry.x[row] = 0.3 + 1.2 * std::cos(angle);
        geometry.y[row] = 0.2 + 0.9 * std::sin(angle);
        geometry.support_rows.push_back(row);
    }
    return geometry;
}
}  // namespace

const std::string& defaultQueryText() {
    static const std::string text =
        "Test-time finetuning adapts a language model to each query: a few gradient steps on "
        "training sequences retrieved for it, then the base weights are restored. The naïve "
        "choice — the nearest neighbours — repeats itself; a sparse convex reconstruction of the "
        "query embedding picks sequences that are relevant and diverse at once.";
    return text;
}

ScriptedQuery::ScriptedQuery(ScriptOptions options) : options_(std::move(options)) {
    if (options_.text.empty()) options_.text = defaultQueryText();
    add([o = options_](PipelineObserver& obs) {
        obs.onQueryStarted({"q-0001", o.text, o.method, o.n, o.k, /*embedding_digest=*/""});
    });
    add([](PipelineObserver& obs) { obs.onProgress({"embed", 1, 1, 0.05, 0.0}); });
    add([](PipelineObserver& obs) { obs.onStageTiming({"embed", 0.05}); });
    bool rejected = false;
    if (options_.method != "base") {
        scriptSelection();
        rejected = options_.circuit_breaker_step >= 0;
    }
    scriptEvaluation(rejected);
    add([text = options_.text](PipelineObserver& obs) {
        obs.onGeneration({text, " and keeps the cost of each query small.",
                          " so every step trains on a different part of the query's neighbourhood."});
    });
    add([](PipelineObserver& obs) { obs.onStageTiming({"generate", 0.4}); });
    const double total_seconds = options_.method == "base"   ? 0.7
                                 : options_.method == "sift" ? 3.4
                                 : options_.method == "knn"  ? 2.9
                                                             : 2.1;
    add([total_seconds](PipelineObserver& obs) {
        obs.onQueryFinished({"q-0001", total_seconds, false, ""});
    });
}

void ScriptedQuery::scriptSelection() {
    std::mt19937 random(7);
    const bool convex =
        options_.method == "hullft" || options_.method == "hullft-noreuse" || options_.method == "fw-pad";
    support_size_ = convex ? static_cast<int>(kHullWeights.size()) : std::min(options_.n, options_.k);
    const Geometry geometry = makeGeometry(options_.k, support_size_, random);

    CandidatesReadyEvent candidates;
    for (int row = 0; row < options_.k; ++row)
        candidates.candidates.push_back({sequenceIdOfRow(row), 0.92 - 0.002 * row});
    candidates.seconds = 0.12;
    add([candidates](PipelineObserver& obs) { obs.onCandidatesReady(candidates); });
    add([](PipelineObserver& obs) { obs.onProgress({"select", 0, 1, 0.2, -1.0}); });

    SelectionReadyEvent selection;
    selection.method = options_.method;
    selection.seconds = 0.03;
    for (int i = 0; i < support_size_; ++i) {
        const int64_t row = geometry.support_rows[i];
        const double weight = convex ? kHullWeights[i] : candidates.candidates[row].score;
        const int count = convex ? kHullCounts[i] : 1;
        selection.support.push_back({row, sequenceIdOfRow(row), weight, count});
        for (int c = 0; c < count; ++c) selection.training_order.push_back(sequenceIdOfRow(row));
    }

    EmbeddingProjectionEvent projection{geometry.x, geometry.y, 0.3, 0.2, 0.0, 0.0, 0.41};
    for (size_t i = 0; i < selection.support.size(); ++i) {
        const double share = convex ? kHullWeights[i] : 1.0 / support_size_;
        projection.reconstruction_x += share * geometry.x[selection.support[i].row];
        projection.reconstruction_y += share * geometry.y[selection.support[i].row];
    }
    if (convex) {
        fw_iterations_ = options_.fw_iterations;
        for (int t = 0; t < fw_iterations_; ++t) {
            const FwIterationEvent iteration{t, geometry.support_rows[t % support_size_], 2.0 / (t + 2),
                                             0.9 * std::pow(0.62, t)};
            add([iteration](PipelineObserver& obs) { obs.onFwIteration(iteration); });
        }
    }
    add([projection](PipelineObserver& obs) { obs.onEmbeddingProjection(projection); });
    add([selection](PipelineObserver& obs) { obs.onSelectionReady(selection); });
    add([](PipelineObserver& obs) { obs.onProgress({"select", 1, 1, 0.25, 0.0}); });
    add([](PipelineObserver& obs) { obs.onStageTiming({"select", 0.15}); });
    scriptFinetuning(selection);
}

void ScriptedQuery::scriptFinetuning(const SelectionReadyEvent& selection) {
    std::mt19937 random(11);
    std::normal_distribution<double> noise(0.0, 0.04);
    const bool reuse = options_.method != "hullft-noreuse";
    const int total = static_cast<int>(selection.training_order.size());
    std::map<int64_t, int> seen;  // occurrences of each sequence so far
    int64_t hits = 0, misses = 0;
    for (int step = 0; step < total; ++step) {
        if (step == options_.circuit_breaker_step) {
            const CircuitBreakerEvent breaker{step, "gradient norm 1.2e4 above bound 1e3", true};
            add([breaker](PipelineObserver& obs) { obs.onCircuitBreaker(breaker); });
            break;
        }
        FinetuneStepEvent e;
        e.step = step;
        e.total_steps = total;
        e.sequence_id = selection.training_order[step];
        const int occurrence = seen[e.sequence_id]++;
        e.computed = !reuse || occurrence % options_.refresh_interval == 0;
        if (e.computed) e.loss = 3.1 - 0.045 * step + noise(random);
        e.computed ? ++misses : ++hits;
        e.gradient_norm = 1.8 - 0.03 * step;
        e.update_norm = 2e-4;
        e.learning_rate = 5e-5;
        e.wall_seconds = e.computed ? 0.11 : 0.004;
        e.cache_bytes = static_cast<int64_t>(seen.size()) * 4 * 1024 * 1024;
        e.cache_hits = hits;
        e.cache_misses = misses;
        e.seconds_saved = 0.106 * hits;
        e.parameter_digest = "9f2c4e" + std::to_string(100000 + step) + "a1";
        add([e](PipelineObserver& obs) { obs.onFinetuneStep(e); });
        add([step, total](PipelineObserver& obs) {
            obs.onProgress({"finetune", step + 1, total, 0.1 * step, 0.1 * (total - step)});
        });
        e.computed ? ++computed_steps_ : ++reused_steps_;
    }
    add([](PipelineObserver& obs) { obs.onStageTiming({"finetune", 1.4}); });
}

void ScriptedQuery::scriptEvaluation(bool rejected) {
    const std::string& text = options_.text;
    EvaluationEvent evaluation;
    evaluation.bytes = static_cast<int64_t>(text.size());
    evaluation.tokens = evaluation.bytes;  // byte-level model: one token per byte
    evaluation.bpb_rule = "full";           // the pipeline's default
    double base_sum = 0.0, adapted_sum = 0.0;
    const bool adapted = options_.method != "base" && !rejected;
    // Plausible ordering of the methods' gains on this query.
    const double gain = options_.method == "knn" ? 0.5 : options_.method == "sift" ? 0.75 : 1.0;
    for (int64_t i = 1; i < evaluation.bytes; ++i) {
        const double base = 1.2 + 1.6 * std::pow(std::sin(0.21 * i), 2);
        // Adaptation helps most of the text, and hurts a little around a few places.
        const double change =
            adapted ? gain * -0.5 * std::pow(std::cos(0.05 * i), 2) + (i % 53 < 6 ? 0.6 : 0.0) : 0.0;
        evaluation.base_token_losses.push_back(base);
        evaluation.adapted_token_losses.push_back(base + change);
        base_sum += base;
        adapted_sum += base + change;
    }
    evaluation.base_bpb = base_sum / std::log(2.0) / evaluation.bytes;
    evaluation.adapted_bpb = adapted_sum / std::log(2.0) / evaluation.bytes;
    evaluation.adapted_rejected = rejected;
    evaluation.seconds = 0.3;
    add([](PipelineObserver& obs) { obs.onProgress({"evaluate", 1, 1, 2.0, 0.0}); });
    add([evaluation](PipelineObserver& obs) { obs.onEvaluation(evaluation); });
    add([](PipelineObserver& obs) { obs.onStageTiming({"evaluate", 0.3}); });
}

ui::QueryJob ScriptedQuery::job() const {
    return [events = events_, delay = options_.event_delay_ms](PipelineObserver& observer,
                                                               const CancellationToken& token) {
        for (const auto& event : events) {
            if (token.cancelled()) {
                observer.onQueryFinished({"q-0001", 0.0, true, ""});
                token.throwIfCancelled();
            }
            event(observer);
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        }
    };
}

void ScriptedQuery::playAll(PipelineObserver& observer) const {
    for (const auto& event : events_) event(observer);
}

}  // namespace hullft::testing
