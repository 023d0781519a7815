#include "datastore/store_manifest.h"

#include <filesystem>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {
namespace {

// A whole number from `minimum` to `maximum`: nlohmann's get<> would truncate 1.5, turn
// 18446744073709551615 into -1, and convert 1e20 with undefined behaviour.
int64_t wholeNumber(const nlohmann::json& value, const std::string& field, int64_t minimum, int64_t maximum,
                    const std::string& source) {
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(maximum)) ||
        value.get<int64_t>() < minimum || value.get<int64_t>() > maximum)
        throw InputError(source, "bad store manifest: " + field + " must be a whole number from " +
                                     std::to_string(minimum) + " to " + std::to_string(maximum) + ", not " +
                                     value.dump());
    return value.get<int64_t>();
}

}  // namespace

std::string storeManifestToJson(const StoreManifest& m, int indent) {
    nlohmann::json domains = nlohmann::json::object();
    for (const auto& [name, counts] : m.domains) domains[name] = {{"documents", counts.documents}, {"sequences", counts.sequences}};
    const nlohmann::json root = {{"embedder", m.embedder_identity}, {"embedding_layer", m.embedding_layer},
                                 {"dimension", m.dimension},       {"tokenizer", m.tokenizer},
                                 {"max_tokens", m.max_tokens},     {"index", m.index_kind},
                                 {"metric", m.metric},             {"embedder_description", m.embedder_description},
                                 {"documents", m.documents},       {"sequences", m.sequences},
                                 {"domains", domains},             {"sources", m.sources},
                                 {"recipe_sha256", m.recipe_sha256}, {"built_at", m.built_at},
                                 {"build_seconds", m.build_seconds}};
    return root.dump(indent);
}

StoreManifest storeManifestFromJson(const std::string& json, const std::string& source) {
    StoreManifest m;
    try {
        const nlohmann::json root = parseJson(json, source);
        const auto count = [&](const nlohmann::json& value, const std::string& field, int64_t minimum = 0) {
            return wholeNumber(value, field, minimum, std::numeric_limits<int64_t>::max(), source);
        };
        m.embedder_identity = root.at("embedder").get<std::string>();
        m.embedding_layer = static_cast<int>(wholeNumber(root.at("embedding_layer"), "embedding_layer", -1,
                                                         std::numeric_limits<int>::max(), source));
        m.dimension = count(root.at("dimension"), "dimension", 1);
        m.tokenizer = root.at("tokenizer").get<std::string>();
        m.max_tokens = count(root.at("max_tokens"), "max_tokens");
        m.index_kind = root.at("index").get<std::string>();
        // Stores built before metrics and descriptions were recorded are inner-product stores.
        m.metric = root.value("metric", std::string("inner_product"));
        m.embedder_description = root.value("embedder_description", std::string());
        if (m.metric != "inner_product" && m.metric != "l2")
            throw InputError(source, "bad store manifest: metric must be \"inner_product\" or \"l2\", not \"" + m.metric + "\"");
        m.documents = count(root.at("documents"), "documents");
        m.sequences = count(root.at("sequences"), "sequences");
        for (const auto& [name, counts] : root.at("domains").items())
            m.domains[name] = {count(counts.at("documents"), "domains." + name + ".documents"),
                               count(counts.at("sequences"), "domains." + name + ".sequences")};
        m.sources = root.at("sources").get<std::vector<std::string>>();
        m.recipe_sha256 = root.at("recipe_sha256").get<std::string>();
        m.built_at = root.at("built_at").get<std::string>();
        m.build_seconds = root.at("build_seconds").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source, std::string("bad store manifest: ") + e.what());
    }
    return m;
}

void requireManifestFileMatches(const std::string& path, const StoreManifest& manifest) {
    if (!std::filesystem::exists(path))
        throw InputError(path, "is missing (deleted?): the store's database still holds its manifest; "
                               "`hullft store verify` says whether anything else changed");
    const StoreManifest file = storeManifestFromJson(readFileBytes(path), path);
    if (storeManifestToJson(file) != storeManifestToJson(manifest))
        throw InputError(path, "differs from the manifest the store's database holds (edited by hand?); "
                               "`hullft store verify` lists what else differs, and a rebuild writes both again");
}

}  // namespace hullft
