#include "cli/pretrain_command.h"

#include <csignal>
#include <iostream>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "common/cancellation.h"
#include "model/device.h"
#include "train/pretrainer.h"

namespace hullft::cli {

namespace {

CancellationToken interruptToken;

// Ctrl-C asks the run to stop at the next step; it checkpoints first, so a rerun resumes.
void onInterrupt(int) { interruptToken.cancel(); }

int runPretrain(const std::vector<std::string>& words) {
    const Arguments args(words, {"config", "out", "device", "steps", "train", "heldout"}, {});
    PretrainConfig config = loadPretrainConfig(args.value("config"));
    config.train_file = args.valueOr("train", config.train_file);
    config.heldout_file = args.valueOr("heldout", config.heldout_file);
    if (args.has("steps")) config.steps = args.intValue("steps", 0);
    if (config.steps <= config.warmup_steps) throw UsageError("--steps must exceed the config's warmup_steps");
    const torch::Device device = selectDevice(args.valueOr("device", "auto"));
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    Pretrainer pretrainer(config, args.value("out"), device);
    pretrainer.run(interruptToken, nullptr, [](const std::string& line) { std::cerr << line << std::endl; });
    printLine(args.value("out") + "/model");
    return kExitOk;
}

}  // namespace

const Command& pretrainCommand() {
    static const Command command{
        "pretrain", "pretrain a byte-level GPT-2 model from scratch (resumes from --out's checkpoint)",
        "hullft pretrain --config FILE.json --out DIR [--train F.jsonl] [--heldout F.jsonl] [--device auto|cpu|cuda] [--steps N]", runPretrain};
    return command;
}

}  // namespace hullft::cli
