#include "engine/text/utf8.h"

#include <utf8proc.h>

#include <algorithm>

namespace krabuan {
namespace {

constexpr std::string_view kEllipsis = "…";  // U+2026

}  // namespace

DecodedCodePoint DecodeAt(std::string_view text, std::size_t pos) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + pos;
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t n = utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
  if (n <= 0) return {};
  return {static_cast<char32_t>(cp), static_cast<std::size_t>(n)};
}

bool IsValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = DecodeAt(s, i).length;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::size_t CountCodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

std::size_t NextCodePointStart(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size() && IsContinuationByte(text[pos])) ++pos;
  return pos;
}

std::string_view TruncateToBytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && IsContinuationByte(text[cut])) --cut;
  return text.substr(0, cut);
}

int CodePointWidth(char32_t cp) {
  // Unlike wcwidth, utf8proc gives 0 (not -1) for what does not print.
  return utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp));
}

bool IsZeroWidthMark(char32_t cp) {
  if (CodePointWidth(cp) != 0) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
      return true;
    default:
      return false;
  }
}

int DisplayWidth(std::string_view utf8) {
  int width = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const DecodedCodePoint d = DecodeAt(utf8, pos);
    if (d.length == 0) {
      width += 1;
      pos += 1;
    } else {
      width += CodePointWidth(d.value);
      pos += d.length;
    }
  }
  return width;
}

std::string TruncateToWidth(std::string_view utf8, int width) {
  if (width <= 0) return std::string();
  if (DisplayWidth(utf8) <= width) return std::string(utf8);

  const int budget = width - DisplayWidth(kEllipsis);
  std::string out;
  int used = 0;

  // The grapheme cluster being collected: bytes [cluster_begin, pos) of `utf8`.
  std::size_t cluster_begin = 0;
  int cluster_width = 0;
  bool have_cluster = false;
  utf8proc_int32_t prev = 0;
  utf8proc_int32_t state = 0;

  // Appends the pending cluster if it fits; returns false once one does not.
  auto flush = [&](std::size_t cluster_end) {
    if (!have_cluster) return true;
    have_cluster = false;
    if (used + cluster_width > budget) return false;
    out.append(utf8.substr(cluster_begin, cluster_end - cluster_begin));
    used += cluster_width;
    return true;
  };

  std::size_t pos = 0;
  bool fits = true;
  while (fits && pos < utf8.size()) {
    const DecodedCodePoint d = DecodeAt(utf8, pos);
    if (d.length == 0) {
      // An invalid byte is a cluster of its own, one column wide.
      fits = flush(pos);
      if (!fits) break;
      cluster_begin = pos;
      cluster_width = 1;
      have_cluster = true;
      fits = flush(pos + 1);
      state = 0;
      pos += 1;
      continue;
    }
    const auto cp = static_cast<utf8proc_int32_t>(d.value);
    const bool boundary = !have_cluster || utf8proc_grapheme_break_stateful(prev, cp, &state);
    if (boundary) {
      fits = flush(pos);
      if (!fits) break;
      cluster_begin = pos;
      cluster_width = 0;
      have_cluster = true;
    }
    cluster_width += CodePointWidth(d.value);
    prev = cp;
    pos += d.length;
  }
  if (fits) flush(pos);  // cannot complete the text: it was wider than `width`

  out.append(kEllipsis);
  return out;
}

}  // namespace krabuan
