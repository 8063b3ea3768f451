#include "adapters/audit/key_file_signer.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/runtime/hex.h"

namespace krabuan {

struct KeyFileSigner::Impl {
  EVP_PKEY* key = nullptr;
  std::string public_hex;
  ~Impl() { EVP_PKEY_free(key); }
};

namespace {

Status Unreadable(const std::string& path, const std::string& why) {
  return Status::Invalid("audit key '" + path + "': " + why);
}

// Writes a new key to `path`, created exclusively with mode 0600.
Status CreateKey(const std::string& path) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr) return Status::Internal("could not make an Ed25519 key");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    EVP_PKEY_free(key);
    if (errno == EEXIST) return Status::Ok();   // made meanwhile by another process
    return Unreadable(path, std::string("cannot create it: ") + std::strerror(errno));
  }
  FILE* out = ::fdopen(fd, "w");
  bool written = out != nullptr && PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (out != nullptr) written = (std::fflush(out) == 0 && ::fsync(fd) == 0) && written;
  if (out != nullptr) std::fclose(out); else ::close(fd);
  EVP_PKEY_free(key);
  if (!written) {
    ::unlink(path.c_str());
    return Unreadable(path, "could not write it");
  }
  return Status::Ok();
}

}  // namespace

KeyFileSigner::KeyFileSigner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KeyFileSigner::~KeyFileSigner() = default;

Result<std::unique_ptr<KeyFileSigner>> KeyFileSigner::Open(const std::string& path, bool create) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT || !create) return Unreadable(path, std::strerror(errno));
    KRABUAN_RETURN_IF_ERROR(CreateKey(path));
  }
  FILE* in = std::fopen(path.c_str(), "r");
  if (in == nullptr) return Unreadable(path, std::strerror(errno));
  auto impl = std::make_unique<Impl>();
  impl->key = PEM_read_PrivateKey(in, nullptr, nullptr, nullptr);
  std::fclose(in);
  if (impl->key == nullptr || EVP_PKEY_get_id(impl->key) != EVP_PKEY_ED25519) {
    return Unreadable(path, "not an Ed25519 private key in PEM");
  }
  unsigned char raw[32];
  std::size_t len = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(impl->key, raw, &len) != 1 || len != 32) return Unreadable(path, "no public key");
  impl->public_hex = ToHex(std::string(reinterpret_cast<const char*>(raw), len));
  return std::unique_ptr<KeyFileSigner>(new KeyFileSigner(std::move(impl)));
}

std::string KeyFileSigner::PublicKeyHex() const { return impl_->public_hex; }

Result<std::string> KeyFileSigner::SignHex(const std::string& message) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char signature[64];
  std::size_t len = sizeof signature;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &len, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return Status::Internal("could not sign the audit checkpoint");
  }
  return ToHex(std::string(reinterpret_cast<const char*>(signature), len));
}

std::string AuditKeyPathFor(const std::string& db) {
  if (const char* path = std::getenv("KRABUAN_AUDIT_KEY"); path && *path) return path;
  return db + ".audit-key";
}

Result<std::unique_ptr<KeyFileSigner>> OpenAuditKeyToSign(const std::string& db) {
  std::string path = AuditKeyPathFor(db);
  struct stat key {}, file {};
  bool missing = ::stat(path.c_str(), &key) != 0 && errno == ENOENT;
  bool owner = ::stat(db.c_str(), &file) == 0 && file.st_uid == ::geteuid();
  if (missing && !owner) {
    return Status::Refused("there is no audit key '" + path + "' yet; it is made by the account that owns the "
                           "database file (the service's): run 'krabuan audit key' as that account");
  }
  return KeyFileSigner::Open(path, /*create=*/owner);
}

}  // namespace krabuan
