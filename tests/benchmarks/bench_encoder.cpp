// Encoder embedding throughput at RoBERTa-large's shape (24 layers, hidden 1024, 16 heads,
// intermediate 4096, vocabulary 50265, 514 positions), random weights, no checkpoint: full
// 512-token sequences, the final hidden states mean-pooled as HfEmbedder pools them. Run by hand:
//   build/tests/benchmarks/bench_encoder [--device cpu|cuda] [--precision fp32|bf16] [--batch 32]
//                                        [--batches 10] [--length 512] [--layers 24]
// Prints one JSON line: sequences per second over the timed batches (after one warm-up batch).
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "model/bf16_autocast.h"
#include "model/device.h"
#include "model/encoder_model.h"

namespace {

std::map<std::string, std::string> parseFlags(int argc, char** argv) {
    std::map<std::string, std::string> flags = {{"device", "cpu"}, {"precision", "fp32"}, {"batch", "8"},
                                                {"batches", "3"},  {"length", "512"},     {"layers", "24"}};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = std::string(argv[i]).substr(2);
        if (std::string(argv[i]).rfind("--", 0) != 0 || !flags.count(name)) {
            std::cerr << "unknown flag " << argv[i] << "\n";
            std::exit(2);
        }
        flags[name] = argv[i + 1];
    }
    return flags;
}

hullft::EncoderConfig robertaLarge(int64_t layers) {
    hullft::EncoderConfig config;
    config.family = hullft::EncoderFamily::Roberta;
    config.modelType = "roberta";
    config.vocabSize = 50265;
    config.hiddenSize = 1024;
    config.numLayers = layers;
    config.numHeads = 16;
    config.intermediateSize = 4096;
    config.maxPositions = 514;
    config.typeVocabSize = 1;
    config.layerNormEpsilon = 1e-5;
    config.padTokenId = 1;
    return config;
}

}  // namespace

int main(int argc, char** argv) {
    const auto flags = parseFlags(argc, argv);
    const torch::Device device = hullft::selectDevice(flags.at("device"));
    const bool bf16 = flags.at("precision") == "bf16";
    const int64_t batch = std::stoll(flags.at("batch")), batches = std::stoll(flags.at("batches"));
    const int64_t length = std::stoll(flags.at("length"));
    torch::NoGradGuard noGrad;
    torch::manual_seed(0);
    hullft::EncoderModel model(robertaLarge(std::stoll(flags.at("layers"))));
    for (auto& [name, parameter] : model.namedParameters())
        parameter.copy_(name.find("LayerNorm.weight") != std::string::npos
                            ? torch::ones_like(parameter)
                            : torch::randn_like(parameter) * 0.02);
    model.to(device);
    // Real ids (no padding id 1): <s> ... </s> as a full RoBERTa sequence.
    const torch::Tensor ids = torch::randint(3, 50265, {batch, length}, torch::kLong).to(device);
    const torch::Tensor mask = torch::ones({batch, length}, torch::kLong).to(device);
    const auto embedBatch = [&] {
        const hullft::Bf16AutocastScope autocast(bf16 && device.is_cuda());
        const torch::Tensor hidden = model.hiddenStates(ids, mask).to(torch::kFloat32);
        return hidden.mean(1).to(torch::kCPU);  // the copy waits for the device
    };
    embedBatch();
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < batches; ++i) embedBatch();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << nlohmann::json{{"device", device.str()},
                                {"precision", bf16 && device.is_cuda() ? "bf16" : "fp32"},
                                {"layers", model.config().numLayers},
                                {"batch", batch},
                                {"length", length},
                                {"sequences", batch * batches},
                                {"seconds", seconds},
                                {"sequences_per_second", batch * batches / seconds}}
                     .dump()
              << "\n";
    return 0;
}
