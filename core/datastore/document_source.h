#pragma once

#include <functional>
#include <string>
#include <vector>

#include "corpus/document.h"

namespace hullft {

// Where a store's documents come from.
struct DocumentSource {
    enum class Kind { Corpus, Jsonl, TextFolder };
    Kind kind = Kind::Corpus;
    std::string path;     // corpus folder, JSONL file or folder of .txt/.md files
    std::string domain;   // JSONL: domain of lines without pile_set_name; folder: all its files ("" = folder name)
    std::string licence;  // JSONL lines without one, folder files ("" = "unknown")
};

// A stable description of the source's content: kind, path and SHA-256 of its bytes.
std::string describeSource(const DocumentSource& source);

// Calls `sink` for every usable document; unusable lines or files are reported in `issues`
// ("FILE:LINE: problem" or "FILE: problem"). A corpus folder must have a complete manifest
// whose train.jsonl hash matches. Returns the corpus recipe hash ("" for other kinds).
std::string readDocumentSource(const DocumentSource& source, const std::function<void(Document&&)>& sink,
                               std::vector<std::string>& issues);

}  // namespace hullft
