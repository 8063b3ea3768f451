#include "cli/table.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "engine/text/utf8.h"

namespace krabuan::cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CliTable, AlignsThaiAndAsciiRowsByDisplayWidth) {
  Table table({"ตำแหน่ง", "login", "บทบาท"});
  table.AddRow({"๓๒", "p32", "ผู้อำนวยการกลุ่มนโยบายและแผน"});
  table.AddRow({"อ ๓๘", "p38", "admin-clerk"});
  table.AddRow({"admin-user", "administrator", "x"});
  const std::vector<std::string> lines = Lines(table.Render());
  ASSERT_EQ(lines.size(), 5u);

  // Column starts: every line places column 2 and column 3 at the same display column.
  // Column 1 is 10 wide ("admin-user"), column 2 is 13 ("administrator").
  const int col2 = 10 + 2;
  const int col3 = col2 + 13 + 2;
  for (const std::string& line : lines) {
    SCOPED_TRACE(line);
    EXPECT_NE(line.back(), ' ');
  }
  EXPECT_EQ(DisplayWidth(lines[0].substr(0, lines[0].find("login"))), col2);
  EXPECT_EQ(DisplayWidth(lines[0].substr(0, lines[0].find("บทบาท"))), col3);
  EXPECT_EQ(DisplayWidth(lines[2].substr(0, lines[2].find("p32"))), col2);
  EXPECT_EQ(DisplayWidth(lines[2].substr(0, lines[2].find("ผู้อำนวยการ"))), col3);
  EXPECT_EQ(DisplayWidth(lines[3].substr(0, lines[3].find("p38"))), col2);
  EXPECT_EQ(DisplayWidth(lines[3].substr(0, lines[3].find("admin-clerk"))), col3);

  // The separator has one run of '-' per column, as wide as the column.
  EXPECT_EQ(lines[1], std::string(10, '-') + "  " + std::string(13, '-') + "  " +
                          std::string(DisplayWidth("ผู้อำนวยการกลุ่มนโยบายและแผน"), '-'));

  // Whole lines: each is as wide as its last cell ends.
  EXPECT_EQ(DisplayWidth(lines[0]), col3 + DisplayWidth("บทบาท"));
  EXPECT_EQ(DisplayWidth(lines[1]), col3 + DisplayWidth("ผู้อำนวยการกลุ่มนโยบายและแผน"));
  EXPECT_EQ(DisplayWidth(lines[2]), col3 + DisplayWidth("ผู้อำนวยการกลุ่มนโยบายและแผน"));
  EXPECT_EQ(DisplayWidth(lines[3]), col3 + DisplayWidth("admin-clerk"));
  EXPECT_EQ(DisplayWidth(lines[4]), col3 + 1);
}

TEST(CliTable, ThaiCellIsPaddedByDisplayWidthNotBytes) {
  Table table({"a", "b"});
  table.AddRow({"ผู้", "x"});   // one column wide, 9 bytes
  table.AddRow({"abc", "y"});
  EXPECT_EQ(table.Render(),
            "a    b\n"
            "---  -\n"
            "ผู้    x\n"
            "abc  y\n");
}

TEST(CliTable, NoTrailingSpacesWhenLastCellsAreEmptyOrShort) {
  Table table({"id", "name", "note"});
  table.AddRow({"a", "long name here", ""});
  table.AddRow({"b"});  // fewer cells than columns
  for (const std::string& line : Lines(table.Render())) {
    SCOPED_TRACE(line);
    ASSERT_FALSE(line.empty());
    EXPECT_NE(line.back(), ' ');
  }
  EXPECT_EQ(Lines(table.Render())[3], "b");
}

TEST(CliTable, ExtraCellsAddColumnsAndControlCharactersAreEscaped) {
  Table table({"a"});
  table.AddRow({"x", "y\tz"});
  table.AddRow({"\x1b[2J", "ก\nข"});
  EXPECT_EQ(table.Render(),
            "a\n"
            "-------  ----\n"
            "x        y\\tz\n"
            "\\x1b[2J  ก\\nข\n");
}

TEST(CliTable, InvalidUtf8CellsDoNotBreakRendering) {
  Table table({"k", "v"});
  table.AddRow({"\xff\xfe", "ok"});
  table.AddRow({"ab", "ok"});
  const std::vector<std::string> lines = Lines(table.Render());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2], "\\xff\\xfe  ok");
  EXPECT_EQ(lines[3], "ab        ok");
}

}  // namespace
}  // namespace krabuan::cli
