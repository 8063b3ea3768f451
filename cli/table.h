// Plain-text tables for the command line, aligned by terminal display width.
//
// Thai text is the common case: above- and below-base vowels and tone marks (e.g. the
// ู and ้ in "ผู้") occupy no column of their own, so byte counts and code-point counts
// both over-estimate the width. East Asian wide characters occupy two columns. Cells are
// measured with DisplayWidth (engine/text/utf8.h); cut long ones with its TruncateToWidth.
//
//   Table t({"งาน", "สถานะ"});
//   t.AddRow({"announce", "เสร็จแล้ว"});
//   std::cout << t.Render();
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace krabuan::cli {

// A table with a header row. Rendering gives the header, a line of '-' under each
// column, then the rows; columns are separated by two spaces and padded to the widest
// cell by display width; no line ends with a space. Every line ends with '\n'.
class Table {
 public:
  explicit Table(std::vector<std::string> headers);

  // A row with fewer cells than columns is padded with empty cells; a row with more
  // adds columns with empty headers. Tabs, newlines, other control characters and bytes
  // that are not UTF-8 in a cell (or a header) are shown escaped (engine/text/escape.h),
  // so they can neither break the layout nor act on the terminal.
  void AddRow(std::vector<std::string> cells);

  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace krabuan::cli
