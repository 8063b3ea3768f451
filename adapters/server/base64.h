// Base64 (RFC 4648) for bytes inside JSON: file contents and command output are sent
// byte for byte, whatever their encoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace krabuan {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace krabuan
