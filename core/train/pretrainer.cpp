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

std::vector<PretrainLogRow> readCsv(const std::string& path, int64_t upToStep) {
    std::vector<PretrainLogRow> rows;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string step, lr, train, heldout, seconds;
        std::getline(fields, step, ',');
        std::getline(fields, lr, ',');
        std::getline(fields, train, ',');
        std::getline(fields, heldout, ',');
        std::getline(fields, seconds, ',');
        PretrainLogRow row{std::stoll(step), std::stod(lr), std::stod(train),
                           heldout.empty() ? -1.0 : std::stod(heldout), std::stod(seconds)};
        if (row.step <= upToStep) rows.push_back(row);
    }
    return rows;
}

}  // namespace

Pretrainer::Pretrainer(PretrainConfig config, std::string outputDirectory, torch::Device device)
    : config_(std::move(config)), outputDirectory_(std::move(outputDirectory)), device_(device) {}

void Pretrainer::run(const CancellationToken& cancel, PipelineObserver* observer,
                     const std::function<void(const std::string&)>& log) {
    const fs::path output(outputDirectory_);
    const fs::path checkpointDirectory = output / "checkpoint";
    const std::string csvPath = (output / "loss.csv").string();
    fs::create_directories(output);

    if (config_.train_file.empty()) throw InputError("pretrain", "no training file given (train_file or --train)");
    const ByteCorpus train = ByteCorpus::fromJsonl(config_.train_file, config_.heldout_domains, kEndOfText);
    std::optional<ByteCorpus> heldout;
    if (!config_.heldout_file.empty())
        heldout = ByteCorpus::fromJsonl(config_.heldout_file, config_.heldout_domains, kEndOfText);
    log("training on " + std::to_string(train.tokenCount()) + " tokens from " +
        std::to_string(train.documentCount()) + " documents");

    torch::manual_seed(config_.seed);
    const bool resuming = recoverPretrainCheckpoint(checkpointDirectory);
    const std::shared_ptr<Gpt2Model> model =
        resuming ? loadPretrainModel(checkpointDirectory, device_) : std::make_shared<Gpt2Model>(modelConfig(config_));
    model->to(device_);
    model->train();
    AdamWOptimizer optimizer(optimizedParameters(*model, config_.weight_decay),
                             {config_.beta1, config_.beta2, 1e-8});
    PretrainProgress resumed;
    if (resuming) {
        resumed = loadPretrainOptimizer(checkpointDirectory, optimizer);
        log("resuming from step " + std::to_string(resumed.step));
    }
    std::vector<PretrainLogRow> rows = resumed.step > 0 ? readCsv(csvPath, resumed.step) : std::vector<PretrainLogRow>{};

    std::vector<torch::Tensor> parameters;
    for (auto& [name, tensor] : model->namedParameters()) parameters.push_back(tensor);
    const bool bf16 = config_.bf16_on_cuda && device_.is_cuda();

    const auto heldoutLoss = [&]() {
        torch::NoGradGuard noGrad;
        model->eval();
        double total = 0.0;
        for (int batch = 0; batch < config_.eval_batches; ++batch) {
            const auto windows = heldout->sampleWindows(config_.batch_size, config_.sequence_length,
                                                        config_.seed * 7919 + batch).to(device_);
            Bf16AutocastScope autocast(bf16);
            total += windowLoss(*model, windows).item<double>();
        }
        model->train();
        return total / config_.eval_batches;
    };

    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return resumed.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    // Summed on the device and read only when logging, so steps do not wait for the GPU.
    torch::Tensor intervalLoss = torch::zeros({}, torch::TensorOptions().device(device_));
    int64_t intervalSteps = 0;
    for (int64_t step = resumed.step; step < config_.steps; ++step) {
        if (cancel.cancelled()) {
            writePretrainCheckpoint(checkpointDirectory, *model, optimizer, {step, elapsed()});
            writeFileAtomically(csvPath, csvOf(rows));
            throw CancelledError();
        }
        const double learningRate = warmupCosineLearningRate(step, config_.warmup_steps, config_.steps,
                                                              config_.learning_rate, config_.min_learning_rate);
        const auto windows = train.sampleWindows(config_.batch_size, config_.sequence_length, config_.seed + step)
                                 .to(device_, /*non_blocking=*/true);
        optimizer.zeroGrad();
        torch::Tensor loss;
        {
            Bf16AutocastScope autocast(bf16);
            loss = windowLoss(*model, windows);
        }
        loss.backward();
        torch::nn::utils::clip_grad_norm_(parameters, config_.gradient_clip);
        optimizer.step(learningRate);
        intervalLoss += loss.detach();
        ++intervalSteps;

        const int64_t done = step + 1;
        const bool evaluate = heldout && (done % config_.eval_interval == 0 || done == config_.steps);
        if (done % kLogInterval == 0 || evaluate || done == config_.steps) {
            PretrainLogRow row{done, learningRate, intervalLoss.item<double>() / intervalSteps, evaluate ? heldoutLoss() : -1.0,
                               elapsed()};
            rows.push_back(row);
            std::ostringstream line;
            line << std::fixed << std::setprecision(4) << "step " << done << "/" << config_.steps << "  lr "
                 << std::scientific << std::setprecision(2) << learningRate << std::fixed << std::setprecision(4)
                 << "  train loss " << row.train_loss;
            if (evaluate) line << "  held-out loss " << row.heldout_loss;
            line << std::setprecision(1) << "  " << row.seconds << " s";
            log(line.str());
            intervalLoss.zero_();
            intervalSteps = 0;
        }
        if (observer) {
            const double seconds = elapsed();
            const double eta = seconds / static_cast<double>(done) * static_cast<double>(config_.steps - done);
            observer->onProgress({"pretrain", done, config_.steps, seconds, eta});
        }
        if (done % config_.checkpoint_interval == 0 && done < config_.steps) {
            writePretrainCheckpoint(checkpointDirectory, *model, optimizer, {done, elapsed()});
            writeFileAtomically(csvPath, csvOf(rows));
        }
    }
    model->eval();
    saveByteLevelModel(*model, output / "model");
    writeFileAtomically(csvPath, csvOf(rows));
    removeTree(checkpointDirectory.string());  // finished: nothing left to resume
}

}  // namespace hullft
