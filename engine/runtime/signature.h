// Ed25519 signatures of the audit checkpoints (OpenSSL), checked by anyone with the
// public key.
#pragma once

#include <string>

namespace krabuan {

// True when `signature_hex` (64 bytes) is `public_key_hex`'s (32 bytes) over `message`.
bool VerifyEd25519(const std::string& public_key_hex, const std::string& message, const std::string& signature_hex);

}  // namespace krabuan
