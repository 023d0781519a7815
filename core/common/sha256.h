#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace hullft {

// Lowercase hex SHA-256 of a byte range (OpenSSL EVP).
std::string sha256Hex(const void* data, size_t size);

// Incremental SHA-256 for data that arrives in pieces (model parameters, log records).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    // Ends the hash and returns it as lowercase hex; the object cannot be updated afterwards.
    std::string finishHex();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

}  // namespace hullft
