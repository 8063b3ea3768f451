#include "cli/table.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "engine/text/escape.h"
#include "engine/text/utf8.h"

namespace krabuan::cli {
namespace {

constexpr std::string_view kColumnGap = "  ";

void TrimTrailingSpaces(std::string& line) {
  const size_t end = line.find_last_not_of(' ');
  line.erase(end == std::string::npos ? 0 : end + 1);
}

}  // namespace

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
