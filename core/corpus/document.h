#pragma once

#include <string>

namespace hullft {

// One text with its provenance: where it came from and under which licence, so that a
// retrieved sequence can always be traced back to its package, file and part.
struct Document {
    std::string id;               // documentId(package, path, part)
    std::string domain;
    std::string package;          // Debian package owning `path`; "" for user data
    std::string package_version;
    std::string path;             // file the text came from (or JSONL file:line)
    std::string part;             // which piece of the file ("" for a whole file)
    std::string licence;
    std::string sha256;           // of `text`
    std::string text;             // valid UTF-8, not empty
};

// Deterministic id: the first 16 hex digits of SHA-256(package, path, part).
std::string documentId(const std::string& package, const std::string& path, const std::string& part);

// The held-out split: a fixed fraction of ids, chosen by hash, never stored nor pretrained on.
bool isHeldOut(const std::string& documentId, double testFraction);

}  // namespace hullft
