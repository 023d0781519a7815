#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hullft {

// SHA-256 through OpenSSL's EVP interface: provenance of documents, weights hashes, digests.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    std::array<uint8_t, 32> finish();  // the object cannot be updated afterwards
    std::string finishHex();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

std::string sha256Hex(std::string_view bytes);
std::string sha256Hex(const void* data, size_t size);

// SHA-256 of a file's contents, read in pieces; InputError naming the file if it cannot be
// opened, IoError if reading fails part way.
std::string sha256FileHex(const std::string& path);

// "sha256:<hex>" over the files' names and contents, sorted by name, so the same files give
// the same identity wherever they lie (a model's weights in a session header or a bench).
std::string filesIdentity(const std::vector<std::string>& files);

// The first 8 bytes of the SHA-256, big-endian: a stable 64-bit hash for ids and splits.
uint64_t sha256Prefix64(std::string_view bytes);

}  // namespace hullft
