#include "datastore/document_digest.h"

namespace hullft {

void DocumentDigest::add(int64_t byteOffset, const std::string& text) {
    hash_.update(std::to_string(byteOffset) + " " + std::to_string(text.size()) + "\n");
    hash_.update(text);
}

std::string DocumentDigest::hex() { return hash_.finishHex(); }

}  // namespace hullft
