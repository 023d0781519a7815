#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "corpus/corpus_builder.h"

namespace hullft {

// manifest.json of a built corpus folder: the build report plus what identifies the data.
struct CorpusManifest {
    std::string directory;
    std::string recipe_name;
    std::string recipe_sha256;
    std::string train_sha256;  // of train.jsonl's bytes
    std::string test_sha256;
    nlohmann::json report;     // the CorpusReport as JSON

    std::string trainPath() const { return directory + "/train.jsonl"; }
    std::string testPath() const { return directory + "/test.jsonl"; }
};

nlohmann::json corpusReportToJson(const CorpusReport& report);

// Reads DIR/manifest.json; InputError when the folder holds no complete corpus.
CorpusManifest readCorpusManifest(const std::string& directory);

}  // namespace hullft
