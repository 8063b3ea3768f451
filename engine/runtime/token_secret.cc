#include "engine/runtime/token_secret.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "engine/runtime/hex.h"
#include "engine/runtime/history_chain.h"

namespace krabuan {

namespace {
constexpr const char* kPrefix = "kbt_";
constexpr std::size_t kSecretBytes = 32;
}  // namespace

std::string NewTokenText(std::int64_t id) {
  unsigned char bytes[kSecretBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("the OS gave no random bytes for a token");
  return kPrefix + std::to_string(id) + "_" + ToHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::optional<std::int64_t> TokenIdOf(const std::string& text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  std::size_t end = text.find('_', 4);
  if (end == std::string::npos || end == 4 || end > 4 + 18) return std::nullopt;
  std::int64_t id = 0;
  for (std::size_t i = 4; i < end; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    id = id * 10 + (text[i] - '0');
  }
  if (text.size() - end - 1 != 2 * kSecretBytes) return std::nullopt;
  return id;
}

std::string TokenHash(const std::string& text) { return Sha256Hex(text); }

bool SameTokenHash(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace krabuan
