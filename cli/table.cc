#include "cli/table.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstddef>
#include <utility>

#include "engine/text/escape.h"

namespace krabuan::cli {
namespace {

constexpr std::string_view kEllipsis = "…";  // U+2026
constexpr std::string_view kColumnGap = "  ";

// Decodes the code point at `pos`. Returns the number of bytes it takes, or 0 when the
// byte at `pos` does not start a valid sequence.
size_t Decode(std::string_view s, size_t pos, utf8proc_int32_t* cp) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data()) + pos;
  const utf8proc_ssize_t n =
      utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(s.size() - pos), cp);
  return n > 0 ? static_cast<size_t>(n) : 0;
}

int CodePointWidth(utf8proc_int32_t cp) { return std::max(0, utf8proc_charwidth(cp)); }

void TrimTrailingSpaces(std::string& line) {
  const size_t end = line.find_last_not_of(' ');
  line.erase(end == std::string::npos ? 0 : end + 1);
}

}  // namespace

int DisplayWidth(std::string_view utf8) {
  int width = 0;
  size_t pos = 0;
  while (pos < utf8.size()) {
    utf8proc_int32_t cp = 0;
    const size_t n = Decode(utf8, pos, &cp);
    if (n == 0) {
      width += 1;
      pos += 1;
    } else {
      width += CodePointWidth(cp);
      pos += n;
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
  size_t cluster_begin = 0;
  int cluster_width = 0;
  bool have_cluster = false;
  utf8proc_int32_t prev = 0;
  utf8proc_int32_t state = 0;

  // Appends the pending cluster if it fits; returns false once one does not.
  auto flush = [&](size_t cluster_end) {
    if (!have_cluster) return true;
    have_cluster = false;
    if (used + cluster_width > budget) return false;
    out.append(utf8.substr(cluster_begin, cluster_end - cluster_begin));
    used += cluster_width;
    return true;
  };

  size_t pos = 0;
  bool fits = true;
  while (fits && pos < utf8.size()) {
    utf8proc_int32_t cp = 0;
    const size_t n = Decode(utf8, pos, &cp);
    if (n == 0) {
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
    const bool boundary =
        !have_cluster || utf8proc_grapheme_break_stateful(prev, cp, &state);
    if (boundary) {
      fits = flush(pos);
      if (!fits) break;
      cluster_begin = pos;
      cluster_width = 0;
      have_cluster = true;
    }
    cluster_width += CodePointWidth(cp);
    prev = cp;
    pos += n;
  }
  if (fits) flush(pos);  // cannot complete the text: it was wider than `width`

  out.append(kEllipsis);
  return out;
}

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {
  for (std::string& h : headers_) h = EscapeControls(h);
}

void Table::AddRow(std::vector<std::string> cells) {
  for (std::string& c : cells) c = EscapeControls(c);
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  size_t columns = headers_.size();
  for (const auto& row : rows_) columns = std::max(columns, row.size());

  std::vector<int> widths(columns, 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);

  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < columns; ++i) {
      const std::string empty;
      const std::string& cell = i < cells.size() ? cells[i] : empty;
      line += cell;
      if (i + 1 < columns) {
        line.append(static_cast<size_t>(widths[i] - DisplayWidth(cell)), ' ');
        line += kColumnGap;
      }
    }
    TrimTrailingSpaces(line);
    out += line;
    out += '\n';
  };

  emit(headers_);
  std::vector<std::string> rule;
  rule.reserve(columns);
  for (int w : widths) rule.emplace_back(static_cast<size_t>(w), '-');
  emit(rule);
  for (const auto& row : rows_) emit(row);
  return out;
}

}  // namespace krabuan::cli
