#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace hullft {

// Ed25519 keys in PEM files, as `openssl genpkey -algorithm ed25519` writes them (PKCS#8 private
// key, SubjectPublicKeyInfo public key), so a key can be made, inspected and checked with stock
// tools. A key is named by its fingerprint: "SHA256:" and the hex SHA-256 of its 32 raw bytes.

// Files larger than this are no key file: refused before they are read.
inline constexpr int64_t kMaxKeyFileBytes = 16 * 1024;

class Ed25519PrivateKey {
public:
    // InputError naming `path` when it is missing, too large, not PEM, not an Ed25519 private
    // key, or readable by other users (a key others can read proves nothing about who signed).
    static Ed25519PrivateKey load(const std::string& path);
    ~Ed25519PrivateKey();
    Ed25519PrivateKey(Ed25519PrivateKey&&) noexcept;

    std::string sign(std::string_view message) const;  // 64 raw bytes
    std::string publicKeyFingerprint() const;

private:
    struct Key;
    explicit Ed25519PrivateKey(std::unique_ptr<Key> key);
    std::unique_ptr<Key> key_;
};

class Ed25519PublicKey {
public:
    // InputError naming `path` when it is missing, too large, not PEM or not an Ed25519 public key.
    static Ed25519PublicKey load(const std::string& path);
    ~Ed25519PublicKey();
    Ed25519PublicKey(Ed25519PublicKey&&) noexcept;

    bool verifies(std::string_view message, std::string_view signature) const;
    std::string fingerprint() const;

private:
    struct Key;
    explicit Ed25519PublicKey(std::unique_ptr<Key> key);
    std::unique_ptr<Key> key_;
};

// Makes a new key pair: the private key at `privatePath` (mode 0600) and the public key at
// `publicPath`, each written atomically. The caller decides whether existing files may be replaced.
void generateEd25519KeyPair(const std::string& privatePath, const std::string& publicPath);

}  // namespace hullft
