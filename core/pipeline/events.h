#pragma once

// Plain event structs that core reports while a query runs. Observers (the ui's live views,
// the session recorder, the CLI's progress line) receive them through PipelineObserver.
// No Qt and no LibTorch types here: sessions/ and ui/ include this header.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hullft {

struct ProgressEvent {
    std::string stage;  // "embed", "select", "finetune", "evaluate", "build store", ...
    int64_t done = 0;
    int64_t total = 0;  // 0 when unknown
    double elapsed_seconds = 0.0;
    double eta_seconds = -1.0;  // negative when unknown
};

struct QueryStartedEvent {
    std::string query_id;
    std::string text;
    std::string method;  // base | knn | sift | hullft | hullft-noreuse | fw-pad
    int n = 0;           // multiset / neighbour count N
    int k = 0;           // preselected candidates K
    std::string embedding_digest;  // SHA-256 (hex) of the query embedding; empty if not embedded
};

struct Candidate {
    int64_t sequence_id = 0;
    double score = 0.0;  // inner product with the query embedding
};

struct CandidatesReadyEvent {
    std::vector<Candidate> candidates;  // best first
    double seconds = 0.0;
};

// One Frank-Wolfe iteration (FW step 2). `chosen_row` is the candidate row the step moved to.
struct FwIterationEvent {
    int iteration = 0;
    int64_t chosen_row = 0;
    double gamma = 0.0;
    double residual_norm = 0.0;  // ||q - c|| before the step
};

// The candidates, the query and the FW reconstruction Xᵀw projected on the candidates' first two
// principal components: the convex hull made visible (embedding view).
struct EmbeddingProjectionEvent {
    std::vector<double> candidate_x, candidate_y;  // one per candidate row
    double query_x = 0.0, query_y = 0.0;
    double reconstruction_x = 0.0, reconstruction_y = 0.0;
    double explained_variance = 0.0;  // fraction captured by the two components
};

struct SupportPoint {
    int64_t row = 0;           // row in the candidate list
    int64_t sequence_id = 0;   // datastore id
    double weight = 0.0;       // convex weight (hullft), score (knn) or acquisition value (sift)
    int count = 0;             // times it appears in the training multiset
};

struct SelectionReadyEvent {
    std::string method;
    std::vector<SupportPoint> support;      // in selection order
    std::vector<int64_t> training_order;    // sequence ids, one finetune step each
    double seconds = 0.0;
};

struct FinetuneStepEvent {
    int step = 0;                 // 0-based index into the training order
    int total_steps = 0;
    int64_t sequence_id = 0;
    bool computed = true;         // false: the cached gradient was reused
    std::optional<double> loss;   // mean token loss (nats); empty on reused steps
    double gradient_norm = 0.0;
    double update_norm = 0.0;
    double learning_rate = 0.0;
    double wall_seconds = 0.0;
    int64_t cache_bytes = 0;      // bytes the gradient cache holds after this step
    int64_t cache_hits = 0;       // cumulative reused steps
    int64_t cache_misses = 0;     // cumulative computed steps
    double seconds_saved = 0.0;   // cumulative estimate: reused steps x mean computed-step cost
    std::string parameter_digest; // SHA-256 of the trainable parameters after the step (hex)
};

struct CircuitBreakerEvent {
    int step = -1;         // -1 when raised after finetuning (the BPB check)
    std::string reason;    // "non-finite loss", "gradient norm 1.2e4 above bound 1e3", ...
    bool base_restored = true;
};

struct EvaluationEvent {
    double base_bpb = 0.0;
    double adapted_bpb = 0.0;
    int64_t tokens = 0;
    int64_t bytes = 0;
    std::vector<double> base_token_losses;     // nats, one per predicted token
    std::vector<double> adapted_token_losses;
    bool adapted_rejected = false;             // the circuit breaker kept the base answer
    double seconds = 0.0;
};

struct GenerationEvent {
    std::string prompt;
    std::string base_continuation;
    std::string adapted_continuation;
};

struct StageTimingEvent {
    std::string stage;
    double seconds = 0.0;
};

struct QueryFinishedEvent {
    std::string query_id;
    double total_seconds = 0.0;
    bool cancelled = false;
    std::string error;  // empty on success
};

}  // namespace hullft
