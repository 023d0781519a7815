#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace hullft::sessions {

// Incremental SHA-256 (OpenSSL EVP) for inputs read in pieces, such as weight files.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view bytes);
    std::string finalHex();  // 64 lowercase hex digits; call once

private:
    std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> context_;
};

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256Hex(std::string_view bytes);

// SHA-256 of a file's contents, read in chunks; std::runtime_error naming the file if unreadable.
std::string sha256FileHex(const std::string& path);

}  // namespace hullft::sessions
