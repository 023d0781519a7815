#include "corpus/document.h"

#include "common/sha256.h"

namespace hullft {

std::string documentId(const std::string& package, const std::string& path, const std::string& part) {
    return sha256Hex(package + '\n' + path + '\n' + part).substr(0, 16);
}

bool isHeldOut(const std::string& documentId, double testFraction) {
    constexpr uint64_t kBuckets = 1000000;
    const uint64_t bucket = sha256Prefix64("split:" + documentId) % kBuckets;
    return static_cast<double>(bucket) < testFraction * kBuckets;
}

}  // namespace hullft
