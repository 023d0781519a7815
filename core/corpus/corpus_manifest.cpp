#include "corpus/corpus_manifest.h"

#include <filesystem>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft {

nlohmann::json corpusReportToJson(const CorpusReport& report) {
    nlohmann::json domains = nlohmann::json::object();
    for (const DomainReport& d : report.domains) {
        domains[d.name] = {{"skipped", d.skipped},          {"files", d.files},
                           {"documents_train", d.documents_train}, {"documents_test", d.documents_test},
                           {"bytes_train", d.bytes_train},  {"bytes_test", d.bytes_test},
                           {"documents_test_past_cap", d.documents_test_past_cap},
                           {"binary_skipped", d.binary},    {"utf8_repaired", d.repaired},
                           {"empty_dropped", d.empty},      {"duplicates_dropped", d.duplicates},
                           {"giant_lines", d.giant_lines},  {"truncated", d.truncated},  {"failed_files", d.failed_files},
                           {"first_failure", d.first_failure}, {"packages", d.packages}};
    }
    return {{"recipe", report.recipe_name}, {"recipe_sha256", report.recipe_sha256}, {"seconds", report.seconds},
            {"domains", domains}};
}

CorpusManifest readCorpusManifest(const std::string& directory) {
    const std::string path = directory + "/manifest.json";
    if (!std::filesystem::exists(path))
        throw InputError(directory, "no corpus here (manifest.json missing; run `hullft corpus build --out " + directory + "`)");
    const nlohmann::json root = readJsonFile(path);
    CorpusManifest manifest;
    manifest.directory = directory;
    try {
        manifest.recipe_name = root.at("recipe").get<std::string>();
        manifest.recipe_sha256 = root.at("recipe_sha256").get<std::string>();
        manifest.train_sha256 = root.at("train_sha256").get<std::string>();
        manifest.test_sha256 = root.at("test_sha256").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path, std::string("incomplete corpus manifest: ") + e.what());
    }
    manifest.report = root;
    return manifest;
}

}  // namespace hullft
