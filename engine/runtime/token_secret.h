// API token texts: `kbt_<id>_<64 hex digits of randomness>`. The id finds the row; only the
// SHA-256 of the whole text is stored, and compared in constant time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace krabuan {

// A new token text for row `id`: 32 bytes from the OS's random source (OpenSSL RAND_bytes).
std::string NewTokenText(std::int64_t id);
// The id a token text names, when it has the form.
std::optional<std::int64_t> TokenIdOf(const std::string& text);
// What is stored of a token text.
std::string TokenHash(const std::string& text);
// Equal hashes, compared in time that does not depend on where they differ.
bool SameTokenHash(const std::string& a, const std::string& b);

}  // namespace krabuan
