// Small text helpers shared by the readers of values and time expressions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace krabuan {

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

inline char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// ASCII letters compared without case; other bytes must match exactly.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// One decimal digit at the front of s, ASCII or Thai (U+0E50..U+0E59, UTF-8 E0 B9 90..99);
// returns its byte length, 0 if s does not start with a digit.
inline std::size_t DigitAt(std::string_view s, int* value) {
  if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
    *value = s[0] - '0';
    return 1;
  }
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE0 && static_cast<unsigned char>(s[1]) == 0xB9) {
    unsigned char b = static_cast<unsigned char>(s[2]);
    if (b >= 0x90 && b <= 0x99) {
      *value = b - 0x90;
      return 3;
    }
  }
  return 0;
}

// Thai documents often use Thai digits (๒๕๖๘); they mean the same as ASCII ones.
// Replaces each Thai digit with its ASCII digit and keeps everything else.
inline std::string AsciiDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    int d = 0;
    if (DigitAt(s.substr(i), &d) == 3) {
      out.push_back(static_cast<char>('0' + d));
      i += 3;
    } else {
      out.push_back(s[i]);
      ++i;
    }
  }
  return out;
}

}  // namespace krabuan
