#include "model/lora_adapters.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "model/language_model.h"
#include "model/safetensors_writer.h"

namespace hullft {
namespace {

std::string lastPart(const std::string& module) {
    const size_t dot = module.rfind('.');
    return dot == std::string::npos ? module : module.substr(dot + 1);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : ",") + part;
    return text;
}

}  // namespace

LoraAdapters::LoraAdapters(LanguageModel& model, const LoraSettings& settings)
    : settings_(settings), scale_(settings.alpha / static_cast<double>(settings.rank)) {
    torch::NoGradGuard noGrad;
    std::vector<std::string> offered;
    for (const LinearLayer& layer : model.linearLayers()) {
        const std::string name = lastPart(layer.module);
        if (std::find(offered.begin(), offered.end(), name) == offered.end()) offered.push_back(name);
        if (std::find(settings.targets.begin(), settings.targets.end(), name) == settings.targets.end()) continue;
        if (std::find(matchedTargets_.begin(), matchedTargets_.end(), name) == matchedTargets_.end())
            matchedTargets_.push_back(name);
        fanInFanOut_ = layer.fanInFanOut;
        const int64_t in = layer.fanInFanOut ? layer.weight.size(0) : layer.weight.size(1);
        const int64_t out = layer.fanInFanOut ? layer.weight.size(1) : layer.weight.size(0);
        const auto options = torch::TensorOptions(torch::kFloat32).device(layer.weight.device());
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        Adapter adapter{(torch::rand({settings.rank, in}, torch::kFloat32) * (2 * bound) - bound).to(options),
                        torch::zeros({out, settings.rank}, options)};
        adapter.a.set_requires_grad(true);
        adapter.b.set_requires_grad(true);
        const std::string prefix = "base_model.model." + layer.module;
        named_.emplace_back(prefix + ".lora_A.weight", adapter.a);
        named_.emplace_back(prefix + ".lora_B.weight", adapter.b);
        byWeight_.emplace(layer.weight.unsafeGetTensorImpl(), adapter);
    }
    if (byWeight_.empty())
        throw InputError("finetune settings", "lora targets " + joined(settings.targets) + " match no layer of " +
                                                  model.architecture() + " (its layers: " + joined(offered) + ")");
}

torch::Tensor LoraAdapters::delta(const torch::Tensor& x, const torch::Tensor& baseWeight) const {
    const auto found = byWeight_.find(baseWeight.unsafeGetTensorImpl());
    if (found == byWeight_.end()) return {};
    return torch::linear(torch::linear(x, found->second.a), found->second.b) * scale_;
}

int64_t LoraAdapters::parameterCount() const {
    int64_t count = 0;
    for (const auto& [name, tensor] : named_) count += tensor.numel();
    return count;
}

void LoraAdapters::savePeft(const std::string& directory, const std::string& baseModel) const {
    std::filesystem::create_directories(directory);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [name, tensor] : named_) tensors.emplace_back(name, tensor.detach().to(torch::kCPU));
    writeSafetensors((std::filesystem::path(directory) / "adapter_model.safetensors").string(), tensors);
    const nlohmann::ordered_json config = {
        {"peft_type", "LORA"},
        {"task_type", "CAUSAL_LM"},
        {"base_model_name_or_path", baseModel},
        {"r", settings_.rank},
        {"lora_alpha", settings_.alpha},
        {"lora_dropout", 0.0},
        {"target_modules", matchedTargets_},
        {"bias", "none"},
        {"fan_in_fan_out", fanInFanOut_},
        {"use_rslora", false},
        {"init_lora_weights", true},
        {"inference_mode", true},
        {"modules_to_save", nullptr},
    };
    writeFileAtomically((std::filesystem::path(directory) / "adapter_config.json").string(), config.dump(2) + "\n");
}

}  // namespace hullft
