#pragma once

#include <torch/torch.h>

#include <functional>
#include <string>

#include "common/cancellation.h"
#include "events/observer.h"
#include "train/pretrain_config.h"

namespace hullft {

// One row of the loss curve written to loss.csv.
struct PretrainLogRow {
    int64_t step = 0;
    double learning_rate = 0.0;
    double train_loss = 0.0;    // nats per token, mean over the logging interval
    double heldout_loss = -1.0; // nats per token; negative when not evaluated at this step
    double seconds = 0.0;       // wall time since the run (first start) began
};

// Pretrains a GPT-2-architecture byte-level model from scratch (`hullft pretrain`).
// Writes into `outputDirectory`: checkpoint/ (model, optimizer, state; replaced atomically),
// loss.csv, and model/ (the final Hugging Face folder). Rerunning with the same folder resumes
// from the last checkpoint; windows are drawn per step from the seed, so a resumed run sees the
// same batches as an uninterrupted one.
class Pretrainer {
public:
    Pretrainer(PretrainConfig config, std::string outputDirectory, torch::Device device);
    ~Pretrainer();

    // Runs to config.steps or until cancelled (then a checkpoint is written and CancelledError
    // thrown). `log` receives one human-readable line per logging interval.
    void run(const CancellationToken& cancel, PipelineObserver* observer,
             const std::function<void(const std::string&)>& log);

private:
    class Run;

    PretrainConfig config_;
    std::string outputDirectory_;
    torch::Device device_;
};

}  // namespace hullft
