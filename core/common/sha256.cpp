#include "common/sha256.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/errors.h"
#include "common/hex.h"

namespace hullft {

struct Sha256::Context {
    struct Free {
        void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> md{EVP_MD_CTX_new()};
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    if (!context_->md || EVP_DigestInit_ex(context_->md.get(), EVP_sha256(), nullptr) != 1)
        throw Error("OpenSSL: cannot initialise SHA-256");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, size_t size) {
    if (EVP_DigestUpdate(context_->md.get(), data, size) != 1) throw Error("OpenSSL: SHA-256 update failed");
}

std::array<uint8_t, 32> Sha256::finish() {
    std::array<uint8_t, 32> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_->md.get(), digest.data(), &length) != 1 || length != digest.size())
        throw Error("OpenSSL: SHA-256 final failed");
    return digest;
}

std::string Sha256::finishHex() {
    const std::array<uint8_t, 32> digest = finish();
    return hexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string sha256Hex(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.finishHex();
}

uint64_t sha256Prefix64(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes);
    const auto digest = hash.finish();
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | digest[i];
    return value;
}

std::string sha256Hex(const void* data, size_t size) {
    return sha256Hex(std::string_view(static_cast<const char*>(data), size));
}

std::string sha256FileHex(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw InputError(path, std::string("cannot open for hashing: ") + std::strerror(errno));
    Sha256 digest;
    std::vector<char> buffer(1 << 20);
    while (file) {
        file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        digest.update(buffer.data(), static_cast<size_t>(file.gcount()));
    }
    if (file.bad()) throw IoError(path, "read error while hashing");
    return digest.finishHex();
}

std::string filesIdentity(const std::vector<std::string>& files) {
    std::vector<std::string> sorted = files;
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
        return std::filesystem::path(a).filename() < std::filesystem::path(b).filename();
    });
    Sha256 identity;
    for (const std::string& file : sorted) {
        identity.update(std::filesystem::path(file).filename().string());
        identity.update("\n");
        identity.update(sha256FileHex(file));
        identity.update("\n");
    }
    return "sha256:" + identity.finishHex();
}

}  // namespace hullft
