#include "datastore/sentence_transformers_folder.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Pooling modes of sentence-transformers' Pooling config; only two are implemented.
const std::vector<std::string> kPoolingFlags = {
    "pooling_mode_cls_token",           "pooling_mode_mean_tokens",
    "pooling_mode_max_tokens",          "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"};

std::string lastPart(const std::string& type) {
    const size_t dot = type.rfind('.');
    return dot == std::string::npos ? type : type.substr(dot + 1);
}

EmbeddingPooling readPooling(const std::string& path) {
    const json config = readJsonFile(path);
    if (!config.is_object()) throw InputError(path, "expected a JSON object");
    std::string mode;
    if (config.contains("pooling_mode")) {
        if (!config["pooling_mode"].is_string()) throw InputError(path, "pooling_mode must be a string");
        mode = config["pooling_mode"].get<std::string>();
    } else {
        for (const std::string& flag : kPoolingFlags) {
            if (!config.value(flag, false)) continue;
            if (!mode.empty())
                throw InputError(
                    path, "several pooling modes are on (" + mode + ", " + flag + "); hullft pools one way");
            mode = flag;
        }
    }
    if (mode == "mean" || mode == "pooling_mode_mean_tokens") return EmbeddingPooling::Mean;
    if (mode == "cls" || mode == "pooling_mode_cls_token") return EmbeddingPooling::Cls;
    throw InputError(path, "pooling mode '" + (mode.empty() ? std::string("none") : mode) +
                               "' is not supported (mean or cls)");
}

std::optional<int64_t> readMaxSeqLength(const fs::path& transformer) {
    const fs::path sentenceBert = transformer / "sentence_bert_config.json";
    if (fs::exists(sentenceBert)) {
        const json config = readJsonFile(sentenceBert.string());
        if (config.value("do_lower_case", false))
            throw InputError(
                sentenceBert.string(),
                "do_lower_case true is not supported (the tokenizer's own normalizer lowercases)");
        const json length = config.value("max_seq_length", json());
        if (!length.is_null()) {
            if (!length.is_number_integer() || length.get<int64_t>() < 1)
                throw InputError(sentenceBert.string(),
                                 "max_seq_length must be a positive integer, got " + length.dump());
            return length.get<int64_t>();
        }
    }
    const fs::path tokenizerConfig = transformer / "tokenizer_config.json";
    if (!fs::exists(tokenizerConfig)) return std::nullopt;
    const json length = readJsonFile(tokenizerConfig.string()).value("model_max_length", json());
    // transformers writes a huge number (1e30) when no length is known.
    if (length.is_number_integer() && length.get<int64_t>() >= 1 && length.get<int64_t>() < 1000000)
        return length.get<int64_t>();
    return std::nullopt;
}

}  // namespace

const char* poolingName(EmbeddingPooling pooling) {
    return pooling == EmbeddingPooling::Cls ? "cls" : "mean";
}

std::optional<EmbeddingPooling> poolingNamed(const std::string& name) {
    if (name == "mean") return EmbeddingPooling::Mean;
    if (name == "cls") return EmbeddingPooling::Cls;
    return std::nullopt;
}

EmbeddingFolderLayout readEmbeddingFolderLayout(const std::string& folder) {
    if (!fs::is_directory(folder)) throw InputError(folder, "model folder does not exist");
    EmbeddingFolderLayout layout;
    layout.modelDirectory = folder;
    const fs::path modulesPath = fs::path(folder) / "modules.json";
    if (!fs::exists(modulesPath)) return layout;
    const std::string source = modulesPath.string();
    const json modules = readJsonFile(source);
    if (!modules.is_array() || modules.empty())
        throw InputError(source, "expected a non-empty array of modules");
    for (size_t i = 0; i < modules.size(); ++i) {
        const json& module = modules[i];
        if (!module.is_object() || !module.value("type", json()).is_string() ||
            !module.value("path", json()).is_string())
            throw InputError(source, "module " + std::to_string(i) + " needs a string \"type\" and \"path\"");
        const std::string kind = lastPart(module["type"].get<std::string>());
        const fs::path path = fs::path(folder) / module["path"].get<std::string>();
        const bool expectTransformer = i == 0, expectPooling = i == 1;
        if (kind == "Transformer" && expectTransformer) {
            layout.modelDirectory = path.string();
            layout.maxSeqLength = readMaxSeqLength(path);
        } else if (kind == "Pooling" && expectPooling) {
            layout.pooling = readPooling((path / "config.json").string());
        } else if (kind == "Normalize" && i == 2) {
            layout.normalize = true;
        } else {
            throw InputError(
                source, "module " + std::to_string(i) + " of type '" + module["type"].get<std::string>() +
                            "' is not supported (Transformer, then Pooling, then optionally Normalize)");
        }
    }
    if (!layout.pooling) throw InputError(source, "has no Pooling module after its Transformer");
    return layout;
}

}  // namespace hullft
