// Ed25519 signatures of the audit checkpoints (OpenSSL), checked by anyone with the
// public key.
#pragma once

#include <string>

namespace krabuan {

// True when `signature_hex` (64 bytes) is `public_key_hex`'s (32 bytes) over `message`.
bool VerifyEd25519(const std::string& public_key_hex, const std::string& message, const std::string& signature_hex);

// Hex and back, for keys and signatures.
std::string ToHex(const std::string& bytes);
bool FromHex(const std::string& hex, std::string& bytes);

}  // namespace krabuan
