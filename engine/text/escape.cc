#include "engine/text/escape.h"

#include <cstdint>

#include "engine/text/utf8.h"

namespace krabuan {
namespace {

constexpr const char* kHex = "0123456789abcdef";

void AppendByte(std::string& out, unsigned char b) {
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

void AppendCodePoint(std::string& out, std::uint32_t cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
}

bool IsEscapedCodePoint(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string EscapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7F) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    if (b < 0x80) {
      switch (b) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: AppendByte(out, b);
      }
      ++i;
      continue;
    }
    const DecodedCodePoint d = DecodeAt(text, i);
    if (d.length == 0) {
      AppendByte(out, b);
      ++i;
    } else if (IsEscapedCodePoint(d.value)) {
      AppendCodePoint(out, d.value);
      i += d.length;
    } else {
      out.append(text.substr(i, d.length));
      i += d.length;
    }
  }
  return out;
}

}  // namespace krabuan
