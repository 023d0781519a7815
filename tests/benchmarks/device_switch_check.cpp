// The workbench's device switch on a CUDA machine, where the Qt tests do not build (no Qt there):
// one LoadedPipeline runs the same HullFT query on cuda, cpu, cuda and cpu again; each run must
// match a fresh `hullft query --json` process on that device (training order, base and adapted
// BPB within 1e-6), and the base weights must be bit for bit the same at the end. A stale
// finetuner snapshot or CUDA graph from before a move would break the later runs.
// Usage: device_switch_check HULLFT STORE QUERY_FILE   (exit 0 when everything matches)
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/cancellation.h"
#include "datastore/lm_embedder.h"
#include "events/observer.h"
#include "model/gpt2_model.h"
#include "pipeline/loaded_pipeline.h"

namespace {

constexpr int kN = 20;

nlohmann::json freshProcess(const std::string& hullft, const std::string& store, const std::string& queryFile,
                            const std::string& device) {
    const std::string command = hullft + " query --store " + store + " --text-file " + queryFile +
                                " --n " + std::to_string(kN) + " --generate-tokens 8 --device " + device + " --json";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    while (pipe && fgets(buffer, sizeof buffer, pipe)) out += buffer;
    if (!pipe || pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
    return nlohmann::json::parse(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: device_switch_check HULLFT STORE QUERY_FILE\n";
        return 2;
    }
    const std::string hullft = argv[1], store = argv[2], queryFile = argv[3];
    std::ifstream in(queryFile);
    const std::string query((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hullft::PipelineSources sources;
    sources.model_directory = "resources/models/default";
    sources.store_directory = store;
    sources.device = "cuda";
    hullft::LoadedPipeline loaded(sources);
    hullft::PipelineSettings settings;
    settings.n = kN;
    settings.generate_tokens = 8;
    const std::string baseWeights = hullft::LmEmbedder::weightsHash(loaded.model());
    bool ok = true;
    for (const char* device : {"cuda", "cuda", "cpu", "cuda", "cpu"}) {
        loaded.moveTo(device);
        hullft::PipelineObserver quiet;
        const hullft::QueryResult result = loaded.pipeline().run("switch", query, settings, quiet, hullft::CancellationToken());
        const nlohmann::json fresh = freshProcess(hullft, store, queryFile, device);
        const bool sameOrder = result.training_order == fresh.at("training_order").get<std::vector<int64_t>>();
        const double baseGap = std::abs(result.evaluation.base_bpb - fresh.at("base_bpb").get<double>());
        const double adaptedGap = std::abs(result.evaluation.adapted_bpb - fresh.at("adapted_bpb").get<double>());
        const bool same = sameOrder && baseGap <= 1e-6 && adaptedGap <= 1e-6;
        std::printf("%-5s %-11s base %.9f (fresh %.9f)  adapted %.9f (fresh %.9f)  order %s  %s\n", device,
                    loaded.deviceDescription().c_str(), result.evaluation.base_bpb, fresh.at("base_bpb").get<double>(),
                    result.evaluation.adapted_bpb, fresh.at("adapted_bpb").get<double>(), sameOrder ? "same" : "DIFFERENT",
                    same ? "ok" : "MISMATCH");
        ok = ok && same;
    }
    const bool restored = hullft::LmEmbedder::weightsHash(loaded.model()) == baseWeights;
    std::printf("base weights after the runs: %s\n", restored ? "bit for bit the same" : "CHANGED");
    return ok && restored ? 0 : 1;
}
