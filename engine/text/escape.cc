#include "engine/text/escape.h"

#include <cstdint>

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

// The length of the well-formed UTF-8 sequence at the front of `s` and its code point,
// or 0 when it is not one (overlong, surrogate, past U+10FFFF, cut short).
std::size_t DecodeOne(std::string_view s, std::uint32_t* cp) {
  auto c = static_cast<unsigned char>(s[0]);
  std::size_t extra;
  std::uint32_t v;
  if (c >= 0xC2 && c <= 0xDF) {
    extra = 1;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    extra = 2;
    v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    extra = 3;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (extra >= s.size()) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    auto cc = static_cast<unsigned char>(s[k]);
    if ((cc & 0xC0) != 0x80) return 0;
    v = (v << 6) | (cc & 0x3F);
  }
  if ((extra == 2 && v < 0x800) || (extra == 3 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
  return extra + 1;
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
    std::uint32_t cp = 0;
    std::size_t n = DecodeOne(text.substr(i), &cp);
    if (n == 0) {
      AppendByte(out, b);
      ++i;
    } else if (IsEscapedCodePoint(cp)) {
      AppendCodePoint(out, cp);
      i += n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace krabuan
