#include "engine/runtime/signature.h"

#include <openssl/evp.h>

#include <memory>
#include <optional>

#include "engine/runtime/hex.h"

namespace krabuan {

bool VerifyEd25519(const std::string& public_key_hex, const std::string& message, const std::string& signature_hex) {
  std::optional<std::string> key = FromHex(public_key_hex), signature = FromHex(signature_hex);
  if (!key || !signature || key->size() != 32 || signature->size() != 64) return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(key->data()), key->size()),
      &EVP_PKEY_free);
  if (!pkey) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace krabuan
