// The service's audit key: an Ed25519 private key in a file only the service's account may
// read (mode 0600, beside the database by default), used to sign the audit log's head.
#pragma once

#include <memory>
#include <string>

#include "engine/audit.h"

namespace krabuan {

class KeyFileSigner : public AuditSigner {
 public:
  // Reads the key at `path` (PEM); with `create`, makes one there first when there is
  // none (0600, never overwriting). Invalid naming the path when it cannot be read.
  static Result<std::unique_ptr<KeyFileSigner>> Open(const std::string& path, bool create);
  ~KeyFileSigner() override;

  std::string PublicKeyHex() const override;
  Result<std::string> SignHex(const std::string& message) override;

  struct Impl;

 private:
  explicit KeyFileSigner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where a database's audit key lives unless KRABUAN_AUDIT_KEY says otherwise.
std::string AuditKeyPathFor(const std::string& db);

// The database's key for signing. It is made when missing only by the account that owns
// the database file (the service's): a key another account made would be theirs alone,
// and the service could not sign with it.
Result<std::unique_ptr<KeyFileSigner>> OpenAuditKeyToSign(const std::string& db);

}  // namespace krabuan
