#include "common/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace hullft {

struct Sha256::Context {
    struct Free {
        void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> evp{EVP_MD_CTX_new()};
    bool finished = false;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    if (!context_->evp || EVP_DigestInit_ex(context_->evp.get(), EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256: OpenSSL could not initialise a digest context");
    }
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, size_t size) {
    if (context_->finished) throw std::logic_error("SHA-256: update after finishHex");
    if (size > 0 && EVP_DigestUpdate(context_->evp.get(), data, size) != 1) {
        throw std::runtime_error("SHA-256: OpenSSL digest update failed");
    }
}

std::string Sha256::finishHex() {
    if (context_->finished) throw std::logic_error("SHA-256: finishHex called twice");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_->evp.get(), digest, &length) != 1) {
        throw std::runtime_error("SHA-256: OpenSSL digest final failed");
    }
    context_->finished = true;
    static const char* const hexDigits = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(hexDigits[digest[i] >> 4]);
        hex.push_back(hexDigits[digest[i] & 0x0f]);
    }
    return hex;
}

std::string sha256Hex(const void* data, size_t size) {
    Sha256 hash;
    hash.update(data, size);
    return hash.finishHex();
}

}  // namespace hullft
