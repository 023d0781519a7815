#include "pipeline/pipeline_settings.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace hullft {

void validatePipelineSettings(const PipelineSettings& settings) {
    const auto fail = [](const std::string& problem) { throw InputError("query settings", problem); };
    if (settings.n <= 0) fail("N must be positive, got " + std::to_string(settings.n));
    if (settings.n > kMaxN) fail("N must be at most " + std::to_string(kMaxN) + ", got " + std::to_string(settings.n));
    if (settings.k <= 0) fail("K must be positive, got " + std::to_string(settings.k));
    if (settings.k > kMaxK) fail("K must be at most " + std::to_string(kMaxK) + ", got " + std::to_string(settings.k));
    if (settings.fw_max_iter <= 0) fail("FW max_iter must be positive");
    if (!(settings.fw_tol >= 0)) fail("FW tolerance must be non-negative");
    if (settings.swap_passes < 0) fail("swap passes must be non-negative");
    if (!(settings.sift_lambda > 0)) fail("SIFT lambda must be positive");
    if (settings.generate_tokens < 0) fail("generate_tokens must be non-negative");
    if (settings.generate_tokens > kMaxGenerateTokens)
        fail("generate_tokens must be at most " + std::to_string(kMaxGenerateTokens) + ", got " +
             std::to_string(settings.generate_tokens));
    if (!(settings.temperature >= 0)) fail("temperature must be non-negative (0 = greedy)");
    if (!(settings.top_p > 0 && settings.top_p <= 1)) fail("top_p must be in (0, 1]");
    if (!settings.adapter_directory.empty() && settings.finetune.adapt != AdaptMode::Lora)
        fail("an adapter can only be saved from a LoRA adaptation");
    // A saved adapter never replaces files: the folder must be new or empty.
    std::error_code error;
    if (!settings.adapter_directory.empty() && std::filesystem::exists(settings.adapter_directory, error) &&
        !std::filesystem::is_empty(settings.adapter_directory, error))
        throw InputError(settings.adapter_directory, "exists and is not empty; choose a new folder for the adapter");
    validateFinetuneSettings(settings.finetune);
}

std::string pipelineSettingsJson(const PipelineSettings& settings) {
    nlohmann::ordered_json json{{"method", methodName(settings.method)},
                                  {"n", settings.n},
                                  {"k", settings.k},
                                  {"r", settings.finetune.refresh_interval},
                                  {"lr", settings.finetune.learning_rate},
                                  {"fw_max_iter", settings.fw_max_iter},
                                  {"fw_tol", settings.fw_tol},
                                  {"swap_passes", settings.swap_passes},
                                  {"sift_lambda", settings.sift_lambda},
                                  {"bpb_rule", bpbRuleName(settings.bpb_rule)},
                                  {"generate_tokens", settings.generate_tokens},
                                  {"temperature", settings.temperature},
                                  {"top_p", settings.top_p},
                                  {"seed", settings.seed}};
    // Only LoRA runs name their adaptation, so full finetuning's record stays what it was.
    if (settings.finetune.adapt == AdaptMode::Lora)
        json["adapt"] = {{"mode", "lora"},
                         {"rank", settings.finetune.lora.rank},
                         {"alpha", settings.finetune.lora.alpha},
                         {"targets", settings.finetune.lora.targets}};
    return json.dump();
}

}  // namespace hullft
