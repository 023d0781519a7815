#pragma once

// The pipeline's events: plain structs that core reports while it works and that observers
// (the workbench's views, the session recorder, the CLI's progress line) receive. Each event
// is defined once, here: its fields in a FIELDS list and its line in HULLFT_PIPELINE_EVENTS.
// The structs, the observer interface, the session codec, the recorder, the GUI bridge and
// the audit log all follow from those two places (core/events/README.md, "Adding an event
// kind"). No Qt and no LibTorch types here: the base library holds them.
//
// A FIELDS list names each field as FIELD(type, name, default); the default may be empty.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/event_struct.h"

namespace hullft {

// Parts of events (no kind of their own).

#define HULLFT_CANDIDATE_FIELDS(FIELD) \
    FIELD(int64_t, sequence_id, 0)     \
    FIELD(double, score, 0.0) /* inner product with the query embedding */
HULLFT_DEFINE_FIELDS_STRUCT(Candidate, HULLFT_CANDIDATE_FIELDS)

#define HULLFT_SUPPORT_POINT_FIELDS(FIELD)                                                    \
    FIELD(int64_t, row, 0)         /* row in the candidate list */                           \
    FIELD(int64_t, sequence_id, 0) /* datastore id */                                        \
    FIELD(double, weight, 0.0)     /* convex weight (hullft), score (knn), acquisition (sift) */ \
    FIELD(int, count, 0)           /* times it appears in the training multiset */
HULLFT_DEFINE_FIELDS_STRUCT(SupportPoint, HULLFT_SUPPORT_POINT_FIELDS)

// The events, in the order a query reports them.

// Progress of one long stage: "embed", "select", "finetune", "evaluate", "build store", ...
#define HULLFT_PROGRESS_FIELDS(FIELD)    \
    FIELD(std::string, stage, )          \
    FIELD(int64_t, done, 0)              \
    FIELD(int64_t, total, 0) /* 0 when unknown */ \
    FIELD(double, elapsed_seconds, 0.0)  \
    FIELD(double, eta_seconds, -1.0) /* negative when unknown */

#define HULLFT_QUERY_STARTED_FIELDS(FIELD)                                                    \
    FIELD(std::string, query_id, )                                                           \
    FIELD(std::string, text, )                                                               \
    FIELD(std::string, method, ) /* a method name (pipeline/method.h) */                     \
    FIELD(int, n, 0)             /* multiset / neighbour count N */                          \
    FIELD(int, k, 0)             /* preselected candidates K */                              \
    FIELD(std::string, embedding_digest, ) /* SHA-256 (hex) of the query embedding */

#define HULLFT_CANDIDATES_READY_FIELDS(FIELD)                  \
    FIELD(std::vector<Candidate>, candidates, ) /* best first */ \
    FIELD(double, seconds, 0.0)

// One Frank-Wolfe iteration; `chosen_row` is the candidate row the step moved to.
#define HULLFT_FW_ITERATION_FIELDS(FIELD) \
    FIELD(int, iteration, 0)              \
    FIELD(int64_t, chosen_row, 0)         \
    FIELD(double, gamma, 0.0)             \
    FIELD(double, residual_norm, 0.0) /* ||q - c|| before the step */

// The candidates, the query and the reconstruction projected on the candidates' first two
// principal components: the convex hull made visible (the embedding view).
#define HULLFT_EMBEDDING_PROJECTION_FIELDS(FIELD)                         \
    FIELD(std::vector<double>, candidate_x, ) /* one per candidate row */ \
    FIELD(std::vector<double>, candidate_y, )                             \
    FIELD(double, query_x, 0.0)                                           \
    FIELD(double, query_y, 0.0)                                           \
    FIELD(double, reconstruction_x, 0.0)                                  \
    FIELD(double, reconstruction_y, 0.0)                                  \
    FIELD(double, explained_variance, 0.0) /* fraction the two components capture */

#define HULLFT_SELECTION_READY_FIELDS(FIELD)                                                  \
    FIELD(std::string, method, )                                                             \
    FIELD(std::vector<SupportPoint>, support, )       /* in selection order */              \
    FIELD(std::vector<int64_t>, training_order, )     /* sequence ids, one finetune step each */ \
    FIELD(double, seconds, 0.0)

// What a query adapts, before its first step: the audit trail of which parameters moved.
#define HULLFT_ADAPTATION_FIELDS(FIELD)                                                       \
    FIELD(std::string, mode, "full")/* "full" (the model's own parameters) or "lora" */      \
    FIELD(std::string, parameters, ) /* their names, comma-separated (PEFT names for LoRA) */ \
    FIELD(int64_t, tensors, 0)                                                               \
    FIELD(int64_t, elements, 0)                                                              \
    FIELD(int64_t, lora_rank, 0)                                                             \
    FIELD(double, lora_alpha, 0.0)

#define HULLFT_FINETUNE_STEP_FIELDS(FIELD)                                                    \
    FIELD(int, step, 0)            /* 0-based index into the training order */               \
    FIELD(int, total_steps, 0)                                                               \
    FIELD(int64_t, sequence_id, 0)                                                           \
    FIELD(bool, computed, true)    /* false: the cached gradient was reused */               \
    FIELD(std::optional<double>, loss, ) /* mean token loss (nats); empty on reused steps */ \
    FIELD(double, gradient_norm, 0.0)                                                        \
    FIELD(double, update_norm, 0.0)                                                          \
    FIELD(double, learning_rate, 0.0)                                                        \
    FIELD(double, wall_seconds, 0.0)                                                         \
    FIELD(int64_t, cache_bytes, 0)  /* bytes the gradient cache holds after this step */     \
    FIELD(int64_t, cache_hits, 0)   /* cumulative reused steps */                            \
    FIELD(int64_t, cache_misses, 0) /* cumulative computed steps */                          \
    FIELD(double, seconds_saved, 0.0) /* reused steps x mean computed-step cost so far */    \
    FIELD(std::string, parameter_digest, ) /* SHA-256 (hex) of the trainable parameters */

#define HULLFT_CIRCUIT_BREAKER_FIELDS(FIELD)                                         \
    FIELD(int, step, -1)            /* -1 when raised after finetuning (BPB check) */ \
    FIELD(std::string, reason, )    /* "non-finite loss", "gradient norm ...", ... */ \
    FIELD(bool, base_restored, true)

#define HULLFT_EVALUATION_FIELDS(FIELD)                                             \
    FIELD(double, base_bpb, 0.0)                                                   \
    FIELD(double, adapted_bpb, 0.0)                                                \
    FIELD(int64_t, tokens, 0)                                                      \
    FIELD(int64_t, bytes, 0)                                                       \
    FIELD(std::vector<double>, base_token_losses, ) /* nats, one per predicted token */ \
    FIELD(std::vector<double>, adapted_token_losses, )                             \
    FIELD(bool, adapted_rejected, false) /* the circuit breaker kept the base answer */ \
    FIELD(double, seconds, 0.0)                                                    \
    FIELD(std::string, bpb_rule, "reference") /* "full" or "reference" (eval/bpb_rule.h) */

#define HULLFT_GENERATION_FIELDS(FIELD) \
    FIELD(std::string, prompt, )        \
    FIELD(std::string, base_continuation, ) \
    FIELD(std::string, adapted_continuation, )

#define HULLFT_STAGE_TIMING_FIELDS(FIELD) \
    FIELD(std::string, stage, )           \
    FIELD(double, seconds, 0.0)

#define HULLFT_QUERY_FINISHED_FIELDS(FIELD) \
    FIELD(std::string, query_id, )          \
    FIELD(double, total_seconds, 0.0)       \
    FIELD(bool, cancelled, false)           \
    FIELD(std::string, error, ) /* empty on success */

// Every event kind: EVENT(struct, observer method, session record kind, recording, FIELDS).
// Sessions store the Recorded kinds under their record kind; Transient ones (progress, whose
// ETA an audit does not need) only reach live observers.
#define HULLFT_PIPELINE_EVENTS(EVENT)                                                                       \
    EVENT(ProgressEvent, onProgress, "progress", Transient, HULLFT_PROGRESS_FIELDS)                           \
    EVENT(QueryStartedEvent, onQueryStarted, "query_started", Recorded, HULLFT_QUERY_STARTED_FIELDS)          \
    EVENT(CandidatesReadyEvent, onCandidatesReady, "candidates_ready", Recorded, HULLFT_CANDIDATES_READY_FIELDS) \
    EVENT(FwIterationEvent, onFwIteration, "fw_iteration", Recorded, HULLFT_FW_ITERATION_FIELDS)              \
    EVENT(EmbeddingProjectionEvent, onEmbeddingProjection, "embedding_projection", Recorded,                  \
          HULLFT_EMBEDDING_PROJECTION_FIELDS)                                                                 \
    EVENT(SelectionReadyEvent, onSelectionReady, "selection_ready", Recorded, HULLFT_SELECTION_READY_FIELDS)  \
    EVENT(AdaptationEvent, onAdaptation, "adaptation", Recorded, HULLFT_ADAPTATION_FIELDS)                    \
    EVENT(FinetuneStepEvent, onFinetuneStep, "finetune_step", Recorded, HULLFT_FINETUNE_STEP_FIELDS)          \
    EVENT(CircuitBreakerEvent, onCircuitBreaker, "circuit_breaker", Recorded, HULLFT_CIRCUIT_BREAKER_FIELDS)  \
    EVENT(EvaluationEvent, onEvaluation, "evaluation", Recorded, HULLFT_EVALUATION_FIELDS)                    \
    EVENT(GenerationEvent, onGeneration, "generation", Recorded, HULLFT_GENERATION_FIELDS)                    \
    EVENT(StageTimingEvent, onStageTiming, "stage_timing", Recorded, HULLFT_STAGE_TIMING_FIELDS)              \
    EVENT(QueryFinishedEvent, onQueryFinished, "query_finished", Recorded, HULLFT_QUERY_FINISHED_FIELDS)

HULLFT_PIPELINE_EVENTS(HULLFT_DEFINE_EVENT_STRUCT)

// Fields added to a recorded kind after sessions were written without them. A record that lacks
// one means the field's default above, which is therefore what the older code did (evaluations
// before the BPB rule was recorded used the reference rule); the session codec writes such a field
// only when it differs from that default, so older records still re-encode to their stored bytes.
struct FieldAddedLater {
    const char* kind;
    const char* field;
};
inline constexpr FieldAddedLater kFieldsAddedLater[] = {{"evaluation", "bpb_rule"}};

}  // namespace hullft
