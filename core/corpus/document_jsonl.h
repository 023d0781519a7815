#pragma once

#include <functional>
#include <string>
#include <vector>

#include "corpus/document.h"

namespace hullft {

// One line of a corpus JSONL file: every provenance field plus the text.
std::string documentToJsonLine(const Document& document);

struct JsonlIssue {
    size_t line = 0;
    std::string problem;
};

// Reads documents from a JSONL file, one object per line, either in the corpus format
// (documentToJsonLine) or in the Pile's ({"text": .., "meta": {"pile_set_name": ..}}: the set
// name is the domain, else `defaultDomain`). Unusable lines (malformed, not UTF-8, no text)
// are skipped and reported in `issues` with their line number; InputError if the file cannot
// be read or holds NUL bytes (a binary file, not JSON Lines).
void readDocumentsJsonl(const std::string& path, const std::string& defaultDomain,
                        const std::function<void(Document&&)>& sink, std::vector<JsonlIssue>& issues);

}  // namespace hullft
