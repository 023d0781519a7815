#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/cancellation.h"
#include "events/observer.h"

namespace hullft {

struct CorpusBuildOptions {
    std::string recipe_path;
    std::string out_dir;
    double max_mb_per_domain = 0.0;      // > 0 overrides the recipe's caps
    std::string dpkg_dir = "/var/lib/dpkg";
};

// What one domain yielded and what was left out, and why.
struct DomainReport {
    std::string name;
    std::string skipped;  // non-empty: the domain was not built (optional, packages missing)
    int64_t files = 0;
    int64_t documents_train = 0;
    int64_t documents_test = 0;
    int64_t bytes_train = 0;
    int64_t bytes_test = 0;
    int64_t documents_test_past_cap = 0;  // of documents_test: read past the cap (min_test_documents)
    int64_t binary = 0;        // skipped
    int64_t repaired = 0;      // invalid UTF-8 replaced by U+FFFD
    int64_t empty = 0;         // dropped
    int64_t duplicates = 0;    // exact duplicate texts dropped
    int64_t giant_lines = 0;   // kept; the chunker splits them
    int64_t truncated = 0;     // cut to the recipe's max_document_bytes
    int64_t failed_files = 0;  // extraction failed (first reason below)
    std::string first_failure;
    std::map<std::string, std::string> packages;  // package -> version of the documents' packages
};

struct CorpusReport {
    std::string recipe_name;
    std::string recipe_sha256;
    std::vector<DomainReport> domains;
    double seconds = 0.0;
};

// Builds the corpus a recipe describes into `out_dir`: train.jsonl and test.jsonl (one
// document per line, documentToJsonLine) and manifest.json (the report, the recipe hash and
// the SHA-256 of both files). Each file is written atomically, the manifest last.
CorpusReport buildCorpus(const CorpusBuildOptions& options, PipelineObserver* observer, const CancellationToken* cancel);

}  // namespace hullft
