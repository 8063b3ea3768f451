// Escaping text for the markup the renderers write (SVG and HTML).
#pragma once

#include <string>
#include <string_view>

namespace krabuan {

// &, <, > and " as entities; everything else (UTF-8 included) as it is.
inline std::string EscapeMarkup(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace krabuan
