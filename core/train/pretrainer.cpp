#include "train/pretrainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/remove_tree.h"
#include "model/bf16_autocast.h"
#include "model/gpt2_model.h"
#include "train/adamw_optimizer.h"
#include "train/byte_corpus.h"
#include "train/learning_rate_schedule.h"
#include "train/pretrain_checkpoint.h"

namespace fs = std::filesystem;

namespace hullft {

namespace {

constexpr int64_t kEndOfText = 256;  // byte-level vocabulary: 0..255 bytes, 256 end-of-text
constexpr int64_t kLogInterval = 50;

Gpt2Config modelConfig(const PretrainConfig& config) {
    Gpt2Config model;
    model.n_layer = config.n_layer;
    model.n_head = config.n_head;
    model.n_embd = config.n_embd;
    model.n_positions = config.n_positions;
    model.vocab_size = config.vocab_size;
    model.bos_token_id = kEndOfText;
    model.eos_token_id = kEndOfText;
    return model;
}

// Mean next-token cross-entropy (nats) of windows [B, T + 1].
torch::Tensor windowLoss(Gpt2Model& model, const torch::Tensor& windows) {
    const auto inputs = windows.narrow(1, 0, windows.size(1) - 1);
    const auto targets = windows.narrow(1, 1, windows.size(1) - 1);
    const auto logits = model.logits(inputs);
    return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}).to(torch::kFloat32),
                                                targets.reshape({-1}));
}

// Matrices get weight decay (GPT-2 practice); biases and LayerNorm gains do not.
std::vector<AdamWOptimizer::Parameter> optimizedParameters(Gpt2Model& model, double weightDecay) {
    std::vector<AdamWOptimizer::Parameter> parameters;
    for (auto& [name, tensor] : model.namedParameters())
        parameters.push_back({name, tensor, tensor.dim() >= 2 ? weightDecay : 0.0});
    return parameters;
}

std::string csvOf(const std::vector<PretrainLogRow>& rows) {
    std::ostringstream csv;
    csv << "step,learning_rate,train_loss,heldout_loss,seconds\n" << std::setprecision(8);
    for (const auto& row : rows) {
        csv << row.step << ',' << row.learning_rate << ',' << row.train_loss << ',';
        if (row.heldout_loss >= 0) csv << row.heldout_loss;
        csv << ',' << row.seconds << '\n';
    }
    return csv.str();
}

// A loss.csv number; InputError naming the file and line when it is not one.
double csvNumber(const std::string& text, const std::string& path, size_t line) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value))
        throw InputError(path, "line " + std::to_string(line) + ": '" + text +
                                   "' is not a number; remove the output folder to start over");
    return value;
}

// The rows of a resumed run's loss.csv up to `upToStep`.
std::vector<PretrainLogRow> readCsv(const std::string& path, int64_t upToStep) {
    std::vector<PretrainLogRow> rows;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    for (size_t number = 2; std::getline(in, line); ++number) {
        std::stringstream fields(line);
        std::string step, lr, train, heldout, seconds;
        std::getline(fields, step, ',');
        std::getline(fields, lr, ',');
        std::getline(fields, train, ',');
        std::getline(fields, heldout, ',');
        std::getline(fields, seconds, ',');
        const double stepValue = csvNumber(step, path, number);
        PretrainLogRow row{static_cast<int64_t>(stepValue), csvNumber(lr, path, number), csvNumber(train, path, number),
                           heldout.empty() ? -1.0 : csvNumber(heldout, path, number), csvNumber(seconds, path, number)};
        if (row.step <= upToStep) rows.push_back(row);
    }
    return rows;
}

}  // namespace

// One pretraining run, resumed or fresh: the corpus, the model and its optimizer, the loss rows.
class Pretrainer::Run {
public:
    Run(const PretrainConfig& config, const fs::path& output, torch::Device device,
        const std::function<void(const std::string&)>& log)
        : config_(config), output_(output), device_(device), log_(log),
          train_(trainCorpus(config)),
          bf16_(config.bf16_on_cuda && device.is_cuda()) {
        if (!config_.heldout_file.empty())
            heldout_ = ByteCorpus::fromJsonl(config_.heldout_file, config_.heldout_domains, kEndOfText);
        log_("training on " + std::to_string(train_.tokenCount()) + " tokens from " +
             std::to_string(train_.documentCount()) + " documents");
        torch::manual_seed(config_.seed);
        const bool resuming = recoverPretrainCheckpoint(checkpointDirectory());
        model_ = resuming ? loadPretrainModel(checkpointDirectory(), device_)
                          : std::make_shared<Gpt2Model>(modelConfig(config_));
        model_->to(device_);
        model_->train();
        optimizer_ = std::make_unique<AdamWOptimizer>(optimizedParameters(*model_, config_.weight_decay),
                                                      AdamWOptimizer::Options{config_.beta1, config_.beta2, 1e-8});
        if (resuming) {
            resumed_ = loadPretrainOptimizer(checkpointDirectory(), *optimizer_);
            log_("resuming from step " + std::to_string(resumed_.step));
        }
        if (resumed_.step > 0) rows_ = readCsv(csvPath(), resumed_.step);
        for (auto& [name, tensor] : model_->namedParameters()) parameters_.push_back(tensor);
        interval_loss_ = torch::zeros({}, torch::TensorOptions().device(device_));
    }

    int64_t firstStep() const { return resumed_.step; }

    // One AdamW step on a batch drawn from the seed and the step (so resuming sees the same data).
    void step(int64_t step) {
        learning_rate_ = warmupCosineLearningRate(step, config_.warmup_steps, config_.steps, config_.learning_rate,
                                                  config_.min_learning_rate);
        const auto windows = train_.sampleWindows(config_.batch_size, config_.sequence_length, config_.seed + step)
                                 .to(device_, /*non_blocking=*/true);
        optimizer_->zeroGrad();
        torch::Tensor loss;
        {
            Bf16AutocastScope autocast(bf16_);
            loss = windowLoss(*model_, windows);
        }
        loss.backward();
        torch::nn::utils::clip_grad_norm_(parameters_, config_.gradient_clip);
        optimizer_->step(learning_rate_);
        // Summed on the device and read only when logging, so steps do not wait for the GPU.
        interval_loss_ += loss.detach();
        ++interval_steps_;
    }

    // After `done` steps: a loss row (with the held-out loss when due), progress, a checkpoint.
    void report(int64_t done, PipelineObserver* observer) {
        const bool evaluate = heldout_ && (done % config_.eval_interval == 0 || done == config_.steps);
        if (done % kLogInterval == 0 || evaluate || done == config_.steps) logRow(done, evaluate);
        if (observer) {
            const double seconds = elapsed();
            const double eta = seconds / static_cast<double>(done) * static_cast<double>(config_.steps - done);
            observer->onProgress({"pretrain", done, config_.steps, seconds, eta});
        }
        if (done % config_.checkpoint_interval == 0 && done < config_.steps) checkpoint(done);
    }

    void checkpoint(int64_t done) {
        writePretrainCheckpoint(checkpointDirectory(), *model_, *optimizer_, {done, elapsed()});
        writeFileAtomically(csvPath(), csvOf(rows_));
    }

    // The final Hugging Face folder and loss curve; nothing is left to resume.
    void finish() {
        model_->eval();
        saveByteLevelModel(*model_, output_ / "model");
        writeFileAtomically(csvPath(), csvOf(rows_));
        removeTree(checkpointDirectory().string());
    }

private:
    static ByteCorpus trainCorpus(const PretrainConfig& config) {
        if (config.train_file.empty()) throw InputError("pretrain", "no training file given (train_file or --train)");
        return ByteCorpus::fromJsonl(config.train_file, config.heldout_domains, kEndOfText);
    }
    fs::path checkpointDirectory() const { return output_ / "checkpoint"; }
    std::string csvPath() const { return (output_ / "loss.csv").string(); }
    double elapsed() const {
        return resumed_.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    }

    double heldoutLoss() {
        torch::NoGradGuard noGrad;
        model_->eval();
        double total = 0.0;
        for (int batch = 0; batch < config_.eval_batches; ++batch) {
            const auto windows =
                heldout_->sampleWindows(config_.batch_size, config_.sequence_length, config_.seed * 7919 + batch)
                    .to(device_);
            Bf16AutocastScope autocast(bf16_);
            total += windowLoss(*model_, windows).item<double>();
        }
        model_->train();
        return total / config_.eval_batches;
    }

    void logRow(int64_t done, bool evaluate) {
        const PretrainLogRow row{done, learning_rate_, interval_loss_.item<double>() / interval_steps_,
                                 evaluate ? heldoutLoss() : -1.0, elapsed()};
        rows_.push_back(row);
        std::ostringstream line;
        line << std::fixed << std::setprecision(4) << "step " << done << "/" << config_.steps << "  lr "
             << std::scientific << std::setprecision(2) << learning_rate_ << std::fixed << std::setprecision(4)
             << "  train loss " << row.train_loss;
        if (evaluate) line << "  held-out loss " << row.heldout_loss;
        line << std::setprecision(1) << "  " << row.seconds << " s";
        log_(line.str());
        interval_loss_.zero_();
        interval_steps_ = 0;
    }

    const PretrainConfig& config_;
    const fs::path output_;
    const torch::Device device_;
    const std::function<void(const std::string&)>& log_;
    const ByteCorpus train_;
    std::optional<ByteCorpus> heldout_;
    const bool bf16_;
    std::shared_ptr<Gpt2Model> model_;
    std::unique_ptr<AdamWOptimizer> optimizer_;
    PretrainProgress resumed_;
    std::vector<PretrainLogRow> rows_;
    std::vector<torch::Tensor> parameters_;
    const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    torch::Tensor interval_loss_;
    int64_t interval_steps_ = 0;
    double learning_rate_ = 0.0;
};

Pretrainer::Pretrainer(PretrainConfig config, std::string outputDirectory, torch::Device device)
    : config_(std::move(config)), outputDirectory_(std::move(outputDirectory)), device_(device) {}

Pretrainer::~Pretrainer() = default;

void Pretrainer::run(const CancellationToken& cancel, PipelineObserver* observer,
                     const std::function<void(const std::string&)>& log) {
    fs::create_directories(outputDirectory_);
    Run run(config_, outputDirectory_, device_, log);
    for (int64_t step = run.firstStep(); step < config_.steps; ++step) {
        if (cancel.cancelled()) {
            run.checkpoint(step);
            throw CancelledError();
        }
        run.step(step);
        run.report(step + 1, observer);
    }
    run.finish();
}

}  // namespace hullft
