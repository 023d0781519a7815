#include "common/ed25519_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cerrno>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"

namespace hullft {
namespace {

struct FreeKey {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct FreeBio {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct FreeMdContext {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct FreePkeyContext {
    void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};
using KeyPointer = std::unique_ptr<EVP_PKEY, FreeKey>;
using BioPointer = std::unique_ptr<BIO, FreeBio>;

// The key file's bytes, refused before reading when it is larger than any key file.
std::string readKeyFile(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) throwFileError(path, "cannot open the key file", errno);
    if (!S_ISREG(status.st_mode)) throw InputError(path, "not a key file (not a regular file)");
    if (status.st_size > kMaxKeyFileBytes)
        throw InputError(path, "not a key file: " + std::to_string(status.st_size) + " bytes, more than the " +
                                   std::to_string(kMaxKeyFileBytes) + " any PEM key takes");
    return readFileBytes(path);
}

KeyPointer readPemKey(const std::string& path, bool isPrivate) {
    const std::string pem = readKeyFile(path);
    BioPointer bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw Error("OpenSSL: cannot allocate a memory buffer");
    KeyPointer key(isPrivate ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    const char* expected = isPrivate ? "an Ed25519 private key" : "an Ed25519 public key";
    if (!key) throw InputError(path, std::string("not a PEM file holding ") + expected);
    if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        throw InputError(path, std::string("holds a ") + OBJ_nid2sn(EVP_PKEY_get_id(key.get())) + " key, not " +
                                   expected);
    return key;
}

std::string rawPublicKey(EVP_PKEY* key) {
    std::string raw(32, '\0');
    size_t length = raw.size();
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &length) != 1 ||
        length != raw.size())
        throw Error("OpenSSL: cannot read the Ed25519 public key");
    return raw;
}

std::string fingerprintOf(EVP_PKEY* key) { return "SHA256:" + sha256Hex(rawPublicKey(key)); }

std::string pemOf(EVP_PKEY* key, bool isPrivate) {
    BioPointer bio(BIO_new(BIO_s_mem()));
    if (!bio) throw Error("OpenSSL: cannot allocate a memory buffer");
    const int written = isPrivate ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                                  : PEM_write_bio_PUBKEY(bio.get(), key);
    if (written != 1) throw Error("OpenSSL: cannot write the key as PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
}

}  // namespace

struct Ed25519PrivateKey::Key {
    KeyPointer key;
};

Ed25519PrivateKey::Ed25519PrivateKey(std::unique_ptr<Key> key) : key_(std::move(key)) {}
Ed25519PrivateKey::~Ed25519PrivateKey() = default;
Ed25519PrivateKey::Ed25519PrivateKey(Ed25519PrivateKey&&) noexcept = default;

Ed25519PrivateKey Ed25519PrivateKey::load(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0 && (status.st_mode & 077) != 0)
        throw InputError(path, "the private key is readable by other users; run chmod 600 on it");
    return Ed25519PrivateKey(std::make_unique<Key>(Key{readPemKey(path, true)}));
}

std::string Ed25519PrivateKey::sign(std::string_view message) const {
    std::unique_ptr<EVP_MD_CTX, FreeMdContext> context(EVP_MD_CTX_new());
    std::string signature(64, '\0');
    size_t length = signature.size();
    if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_->key.get()) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        length != signature.size())
        throw Error("OpenSSL: Ed25519 signing failed");
    return signature;
}

std::string Ed25519PrivateKey::publicKeyFingerprint() const { return fingerprintOf(key_->key.get()); }

struct Ed25519PublicKey::Key {
    KeyPointer key;
};

Ed25519PublicKey::Ed25519PublicKey(std::unique_ptr<Key> key) : key_(std::move(key)) {}
Ed25519PublicKey::~Ed25519PublicKey() = default;
Ed25519PublicKey::Ed25519PublicKey(Ed25519PublicKey&&) noexcept = default;

Ed25519PublicKey Ed25519PublicKey::load(const std::string& path) {
    return Ed25519PublicKey(std::make_unique<Key>(Key{readPemKey(path, false)}));
}

bool Ed25519PublicKey::verifies(std::string_view message, std::string_view signature) const {
    std::unique_ptr<EVP_MD_CTX, FreeMdContext> context(EVP_MD_CTX_new());
    if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_->key.get()) != 1)
        throw Error("OpenSSL: cannot start Ed25519 verification");
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

std::string Ed25519PublicKey::fingerprint() const { return fingerprintOf(key_->key.get()); }

void generateEd25519KeyPair(const std::string& privatePath, const std::string& publicPath) {
    std::unique_ptr<EVP_PKEY_CTX, FreePkeyContext> context(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY* generated = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1 || EVP_PKEY_keygen(context.get(), &generated) != 1)
        throw Error("OpenSSL: Ed25519 key generation failed");
    const KeyPointer key(generated);
    writeFileAtomically(privatePath, pemOf(key.get(), true), FileAccess::OwnerOnly);
    writeFileAtomically(publicPath, pemOf(key.get(), false));
}

}  // namespace hullft
