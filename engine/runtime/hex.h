// Bytes as lower-case hex and back: hashes, keys, signatures and token secrets are hex in
// the engine and wherever people read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace krabuan {

std::string ToHex(std::string_view bytes);
// The bytes `hex` spells (either case); nullopt for an odd length or a non-hex digit.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace krabuan
