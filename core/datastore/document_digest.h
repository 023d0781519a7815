#pragma once

#include <cstdint>
#include <string>

#include "common/sha256.h"

namespace hullft {

// The SHA-256 a store records for each document over what it keeps of it: its sequences in id
// order, each as "<byte offset> <byte length>\n<text>". `hullft store verify` recomputes it
// from the stored texts, so an edited, dropped or added sequence changes it.
class DocumentDigest {
public:
    void add(int64_t byteOffset, const std::string& text);
    std::string hex();

private:
    Sha256 hash_;
};

}  // namespace hullft
