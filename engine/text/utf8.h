// UTF-8 checks for text that people type (values, comments): the store and every
// output assume valid UTF-8, so invalid bytes are refused at the door.
#pragma once

#include <string_view>

namespace krabuan {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace krabuan
