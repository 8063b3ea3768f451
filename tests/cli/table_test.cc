#include "cli/table.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace krabuan::cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The number of code points in valid UTF-8 (bytes that are not continuation bytes).
int CodePoints(std::string_view s) {
  int n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(CliDisplayWidth, AsciiCountsOneColumnPerCharacter) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("p34"), 3);
  EXPECT_EQ(DisplayWidth("budget-request"), 14);
}

TEST(CliDisplayWidth, ThaiToneMarksAndUpperLowerVowelsTakeNoColumn) {
  // ผ ู ้ อ ำ น ว ย ก า ร: 11 code points; ู (U+0E39) and ้ (U+0E49) are combining.
  const std::string director = "ผู้อำนวยการ";
  EXPECT_EQ(CodePoints(director), 11);
  EXPECT_EQ(DisplayWidth(director), 9);
  EXPECT_LT(DisplayWidth(director), CodePoints(director));

  EXPECT_EQ(DisplayWidth("ที่"), 1);          // ท + ี + ่
  EXPECT_EQ(DisplayWidth("เห็นชอบ"), 6);      // ็ is combining
  EXPECT_EQ(DisplayWidth("กลุ่มนโยบายและแผน"), 15);  // ุ and ่ are combining
}

TEST(CliDisplayWidth, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("日本"), 4);
  EXPECT_EQ(DisplayWidth("a日b"), 4);
}

TEST(CliDisplayWidth, InvalidUtf8CountsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth("\xff"), 1);
  EXPECT_EQ(DisplayWidth("a\xc3"), 2);                // truncated 2-byte sequence
  EXPECT_EQ(DisplayWidth("\xe0\xb8"), 2);             // truncated Thai letter
  EXPECT_EQ(DisplayWidth("\xed\xa0\x80"), 3);         // an encoded surrogate
  EXPECT_EQ(DisplayWidth("\x80\x80ก"), 3);            // stray continuation bytes
  EXPECT_EQ(DisplayWidth(std::string("a\0b", 3)), 2);  // NUL is a control: 0 columns
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

TEST(CliTruncate, TextThatFitsIsUnchanged) {
  EXPECT_EQ(TruncateToWidth("abc", 3), "abc");
  EXPECT_EQ(TruncateToWidth("ผู้อำนวยการ", 9), "ผู้อำนวยการ");
  EXPECT_EQ(TruncateToWidth("", 5), "");
}

TEST(CliTruncate, CutsAsciiAndAppendsEllipsis) {
  EXPECT_EQ(TruncateToWidth("abcdef", 4), "abc…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("abcdef", 4)), 4);
  EXPECT_EQ(TruncateToWidth("abcdef", 1), "…");
  EXPECT_EQ(TruncateToWidth("abcdef", 0), "");
  EXPECT_EQ(TruncateToWidth("abcdef", -3), "");
}

TEST(CliTruncate, NeverSeparatesABaseCharacterFromItsMarks) {
  // "ผู้" is one column; its marks stay with it.
  EXPECT_EQ(TruncateToWidth("ผู้อำนวยการ", 2), "ผู้…");
  // อำ is one cluster two columns wide (SARA AM is a spacing mark): with room for only
  // one more column it is dropped whole.
  EXPECT_EQ(TruncateToWidth("ผู้อำนวยการ", 3), "ผู้…");
  EXPECT_EQ(TruncateToWidth("ผู้อำนวยการ", 4), "ผู้อำ…");
  EXPECT_EQ(TruncateToWidth("ที่ดิน", 3), "ที่ดิน");  // 3 columns: fits
  EXPECT_EQ(TruncateToWidth("ที่ดิน", 2), "ที่…");
  for (int w = 1; w <= 9; ++w) {
    SCOPED_TRACE(w);
    EXPECT_LE(DisplayWidth(TruncateToWidth("ผู้อำนวยการกลุ่มนโยบายและแผน", w)), w);
  }
}

TEST(CliTruncate, WideCharactersAreNotSplit) {
  EXPECT_EQ(TruncateToWidth("日本語", 4), "日…");
  EXPECT_EQ(TruncateToWidth("日本語", 5), "日本…");
}

TEST(CliTruncate, InvalidBytesAreKeptAndCountOneColumn) {
  EXPECT_EQ(TruncateToWidth("\xff\xfe\xfd\xfc", 3), "\xff\xfe…");
  EXPECT_EQ(TruncateToWidth("a\xe0\xb8", 3), "a\xe0\xb8");
  EXPECT_EQ(TruncateToWidth("ก\xffขคง", 3), "ก\xff…");
}

}  // namespace
}  // namespace krabuan::cli
