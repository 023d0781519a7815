// The decoder families on a GPU (the GPU machine; CUDA LibTorch 2.x), two parts, one JSON line
// each:
//  - bpb: each transformers-made fixture of tests/data/model/decoders: BPB of its long text on
//    the CPU (float32), on CUDA in float32 and under bf16 autocast, with relative differences.
//  - step: random weights of real shapes (Qwen2.5-0.5B, Llama-3.2-1B; LoRA r = 16 on q/v of
//    Llama-3.2-1B and Llama-3.1-8B): median time of one finetuning step on a 1024-token
//    sequence (bf16 autocast, the project's Adam), one BPB forward, a 20-step training order of
//    8 unique sequences with r = 2 through the Finetuner, and the caching allocator's peak;
//    the audit digest off (see stepPart).
//  - graphs: each fixture finetuned on CUDA (float32) with CUDA graphs and eagerly, the same
//    training order: the largest weight difference between the two (graphs replay the eager
//    step's kernels, so it should be rounding at most).
// Usage: decoder_gpu_check FIXTURE_DIR [bpb|step|graphs|all]

#include <c10/cuda/CUDACachingAllocator.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "common/json_io.h"
#include "eval/bpb.h"
#include "finetune/adam_optimizer.h"
#include "finetune/finetuner.h"
#include "finetune/next_token_loss.h"
#include "finetune/parameter_subset.h"
#include "finetune/step_norms.h"
#include "model/decoder_config.h"
#include "model/decoder_model.h"
#include "model/load_language_model.h"
#include "tokenizer/tokenizer.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kLength = 1024;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double peakGib() {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1u << 30);
}

void bpbPart(const std::string& root) {
    const nlohmann::json texts = hullft::readJsonFile(root + "/texts.json");
    const nlohmann::json expected = hullft::readJsonFile(root + "/expected.json");
    for (const char* name : {"llama", "mistral", "qwen2", "qwen3", "gpt_neox", "gpt_neox_sequential", "gpt_neo", "phi3",
                             "phi3_partial_rotary"}) {
        const std::string folder = root + "/" + name;
        const auto model = hullft::loadLanguageModel(folder);
        const auto tokenizer = hullft::loadTokenizer(folder);
        const std::string text = texts.at("long");
        const std::vector<int64_t> ids = tokenizer->encodeWithSpecialTokens(text);
        const auto bytes = static_cast<int64_t>(text.size());
        torch::NoGradGuard noGrad;
        const double cpu = hullft::bitsPerByte(*model, ids, bytes, hullft::BpbRule::Reference).bpb;
        model->module().to(torch::Device(torch::kCUDA, 0));
        const double cudaFp32 = hullft::bitsPerByte(*model, ids, bytes, hullft::BpbRule::Reference).bpb;
        model->setComputePrecision(hullft::ComputePrecision::Bfloat16);
        const double cudaBf16 = hullft::bitsPerByte(*model, ids, bytes, hullft::BpbRule::Reference).bpb;
        const double reference = expected.at(name).at("texts").at("long").at("bpb_1024");
        std::cout << nlohmann::json{{"part", "bpb"}, {"case", name}, {"transformers_cpu_fp32", reference},
                                    {"cpu_fp32", cpu}, {"cuda_fp32", cudaFp32}, {"cuda_bf16", cudaBf16},
                                    {"cpu_rel", std::abs(cpu - reference) / reference},
                                    {"cuda_fp32_rel", std::abs(cudaFp32 - reference) / reference},
                                    {"cuda_bf16_rel", std::abs(cudaBf16 - reference) / reference}}
                         .dump()
                  << std::endl;
    }
}

std::vector<hullft::TrainingSequence> fixtureOrder(const std::vector<int64_t>& ids) {
    std::vector<hullft::TrainingSequence> order;
    for (int step = 0; step < 6; ++step) {
        const size_t begin = static_cast<size_t>(step / 2) * 200;  // 3 unique 300-token sequences, each twice
        order.push_back({step / 2, std::vector<int64_t>(ids.begin() + begin, ids.begin() + begin + 300)});
    }
    return order;
}

void graphsPart(const std::string& root) {
    const nlohmann::json texts = hullft::readJsonFile(root + "/texts.json");
    for (const char* name : {"llama", "mistral", "qwen2", "qwen3", "gpt_neox", "gpt_neo", "phi3"}) {
        const std::string folder = root + "/" + name;
        const auto tokenizer = hullft::loadTokenizer(folder);
        const auto order = fixtureOrder(tokenizer->encodeWithSpecialTokens(texts.at("long")));
        std::vector<std::vector<torch::Tensor>> weights;
        std::vector<int> computed;
        for (const bool graphs : {true, false}) {
            const auto model = hullft::loadLanguageModel(folder, torch::Device(torch::kCUDA, 0));
            hullft::Finetuner finetuner(*model);
            hullft::FinetuneSettings settings;
            settings.cuda_graphs = graphs;
            settings.learning_rate = 1e-3;
            computed.push_back(finetuner.adapt(order, settings).computed_steps);
            std::vector<torch::Tensor> adapted;
            for (const auto& [parameter, tensor] : model->namedParameters()) adapted.push_back(tensor.detach().cpu());
            weights.push_back(adapted);
        }
        double largest = 0.0, moved = 0.0;
        for (size_t i = 0; i < weights[0].size(); ++i)
            largest = std::max(largest, (weights[0][i] - weights[1][i]).abs().max().item<double>());
        const auto base = hullft::loadLanguageModel(folder);
        const auto named = base->namedParameters();
        for (size_t i = 0; i < named.size(); ++i)
            moved = std::max(moved, (weights[1][i] - named[i].second).abs().max().item<double>());
        std::cout << nlohmann::json{{"part", "graphs"}, {"case", name}, {"graphs_vs_eager_max_diff", largest},
                                    {"eager_moved_max", moved}, {"computed_steps", computed}}
                         .dump()
                  << std::endl;
    }
}

struct Shape {
    std::string name;
    std::string config;
    bool lora = false;
};

std::vector<Shape> shapes() {
    const std::string qwen = R"({"model_type": "qwen2", "vocab_size": 151936, "hidden_size": 896,
        "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2,
        "max_position_embeddings": 32768, "rope_theta": 1000000.0, "tie_word_embeddings": true})";
    const std::string llama1b = R"({"model_type": "llama", "vocab_size": 128256, "hidden_size": 2048,
        "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
        "max_position_embeddings": 131072, "rope_theta": 500000.0, "tie_word_embeddings": true,
        "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                         "original_max_position_embeddings": 8192}})";
    const std::string llama8b = R"({"model_type": "llama", "vocab_size": 128256, "hidden_size": 4096,
        "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
        "max_position_embeddings": 131072, "rope_theta": 500000.0, "tie_word_embeddings": false,
        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                         "original_max_position_embeddings": 8192}})";
    return {{"Qwen2.5-0.5B", qwen}, {"Llama-3.2-1B", llama1b}, {"Llama-3.2-1B", llama1b, true},
            {"Llama-3.1-8B", llama8b, true}};
}

double medianMs(std::vector<double> seconds) {
    std::sort(seconds.begin(), seconds.end());
    return 1e3 * seconds[seconds.size() / 2];
}

void stepPart(const Shape& shape) {
    const torch::Device cuda(torch::kCUDA, 0);
    torch::zeros({1}, cuda);  // the allocator's statistics exist once CUDA is initialised
    c10::cuda::CUDACachingAllocator::emptyCache();
    c10::cuda::CUDACachingAllocator::resetPeakStats(0);
    torch::manual_seed(0);
    auto model = std::make_shared<hullft::DecoderModel>(hullft::parseDecoderConfig(shape.config, shape.name));
    model->to(cuda);
    model->setComputePrecision(hullft::ComputePrecision::Bfloat16);
    const torch::Tensor ids = torch::randint(model->vocabSize(), {kLength}, torch::kInt64);
    std::vector<int64_t> idList(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + kLength);

    hullft::FinetuneSettings settings;
    if (shape.lora) {
        settings.adapt = hullft::AdaptMode::Lora;
        settings.lora.rank = 16;
    }
    settings.cuda_graphs = false;  // eager steps, as transformers runs them
    // The audit digest of the trainable weights (SHA-256 on the host) is timed apart: for a
    // full 1B model it is seconds, more than the step itself.
    settings.digest = hullft::ParameterDigestPolicy::Off;
    hullft::Finetuner finetuner(*model);
    // One computed step through the Finetuner's own path: a training order of one sequence.
    std::vector<double> steps;
    for (int i = 0; i < 8; ++i) {
        torch::cuda::synchronize();
        const auto start = Clock::now();
        finetuner.adapt({{0, idList}}, settings);
        torch::cuda::synchronize();
        if (i >= 3) steps.push_back(secondsSince(start));
        finetuner.restoreBase();
    }
    std::vector<double> forwards;
    {
        torch::NoGradGuard noGrad;
        for (int i = 0; i < 8; ++i) {
            torch::cuda::synchronize();
            const auto start = Clock::now();
            hullft::bitsPerByte(*model, idList, 4 * kLength, hullft::BpbRule::Full);
            torch::cuda::synchronize();
            if (i >= 3) forwards.push_back(secondsSince(start));
        }
    }
    std::vector<hullft::TrainingSequence> order;
    for (int step = 0; step < 20; ++step) {
        std::vector<int64_t> sequence(idList);
        std::rotate(sequence.begin(), sequence.begin() + (step % 8) * 100, sequence.end());
        order.push_back({step % 8, sequence});
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.sequence_id < b.sequence_id; });
    settings.refresh_interval = 2;
    torch::cuda::synchronize();
    const auto start = Clock::now();
    const hullft::FinetuneResult result = finetuner.adapt(order, settings);
    torch::cuda::synchronize();
    const double multiset = secondsSince(start);
    finetuner.restoreBase();
    std::cout << nlohmann::json{{"part", "step"}, {"shape", shape.name}, {"adapt", shape.lora ? "lora r=16 q_proj,v_proj" : "full"},
                                {"step_ms", medianMs(steps)}, {"bpb_forward_ms", medianMs(forwards)},
                                {"multiset20_r2_ms", 1e3 * multiset}, {"computed_steps", result.computed_steps},
                                {"peak_gib", peakGib()}}
                     .dump()
              << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !torch::cuda::is_available()) {
        std::cerr << "usage: decoder_gpu_check FIXTURE_DIR [bpb|step|all] (needs a CUDA device)\n";
        return 2;
    }
    const std::string part = argc > 2 ? argv[2] : "all";
    if (part == "bpb" || part == "all") bpbPart(argv[1]);
    if (part == "graphs" || part == "all") graphsPart(argv[1]);
    if (part == "step" || part == "all")
        for (const Shape& shape : shapes()) {
            try {
                stepPart(shape);
            } catch (const std::exception& e) {
                std::cout << nlohmann::json{{"part", "step"}, {"shape", shape.name}, {"error", e.what()}}.dump() << std::endl;
            }
        }
    return 0;
}
