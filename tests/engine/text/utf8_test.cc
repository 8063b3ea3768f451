// The one UTF-8 module: decoding, validity, code point boundaries, display width and
// cutting to a width. Thai is the common case: above and below vowels and tone marks take
// no column; East Asian wide characters take two; invalid bytes never break anything.
#include "engine/text/utf8.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace krabuan {
namespace {

// ---- decoding -------------------------------------------------------------------------

struct DecodeCase {
  const char* name;
  std::string text;
  std::size_t pos;
  char32_t value;
  std::size_t length;   // 0: not well-formed
};

void PrintTo(const DecodeCase& c, std::ostream* os) { *os << c.name; }

class Decode : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(Decode, ReadsOneWellFormedCodePoint) {
  const DecodeCase& c = GetParam();
  DecodedCodePoint d = DecodeAt(c.text, c.pos);
  EXPECT_EQ(d.length, c.length);
  if (c.length != 0) {
    EXPECT_EQ(static_cast<std::uint32_t>(d.value), static_cast<std::uint32_t>(c.value));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, Decode,
    ::testing::Values(
        DecodeCase{"ascii", "a", 0, U'a', 1},
        DecodeCase{"latin_two_bytes", "\xC3\xA9", 0, U'\u00E9', 2},
        DecodeCase{"thai_consonant", "ก", 0, U'\u0E01', 3},
        DecodeCase{"thai_tone_mark_mid_text", "ก่", 3, U'\u0E48', 3},
        DecodeCase{"cjk", "日", 0, U'\u65E5', 3},
        DecodeCase{"four_bytes", "\xF0\x9F\x98\x80", 0, U'\U0001F600', 4},
        DecodeCase{"largest_code_point", "\xF4\x8F\xBF\xBF", 0, U'\U0010FFFF', 4},
        DecodeCase{"stray_continuation", "\x80", 0, 0, 0},
        DecodeCase{"byte_ff", "\xFF", 0, 0, 0},
        DecodeCase{"overlong_slash", "\xC0\xAF", 0, 0, 0},
        DecodeCase{"overlong_three_bytes", "\xE0\x80\xAF", 0, 0, 0},
        DecodeCase{"overlong_four_bytes", "\xF0\x80\x80\xAF", 0, 0, 0},
        DecodeCase{"surrogate", "\xED\xA0\x80", 0, 0, 0},
        DecodeCase{"past_10ffff", "\xF4\x90\x80\x80", 0, 0, 0},
        DecodeCase{"lead_f5", "\xF5\x80\x80\x80", 0, 0, 0},
        DecodeCase{"thai_cut_short_at_end", "\xE0\xB8", 0, 0, 0},
        DecodeCase{"thai_cut_short_by_ascii", "\xE0\xB8" "a", 0, 0, 0},
        DecodeCase{"four_bytes_cut_short", "\xF0\x9F\x98", 0, 0, 0}));

TEST(DecodeAt, TheViewEndsTheTextEvenWhenMoreBytesFollowInMemory) {
  const std::string_view whole = "กข";
  EXPECT_EQ(DecodeAt(whole.substr(0, 5), 3).length, 0u);
  EXPECT_EQ(DecodeAt(whole.substr(0, 6), 3).length, 3u);
}

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("budget-request"));
  EXPECT_TRUE(IsValidUtf8("ผู้อำนวยการกลุ่มนโยบายและแผน"));
  EXPECT_TRUE(IsValidUtf8("日本語 and 😀"));
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));   // NUL is a code point
}

TEST(IsValidUtf8, RefusesInvalidBytesAnywhere) {
  for (const char* bad : {"\xFF", "a\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ก\xE0\xB8",
                          "\xE0\xB8" "ก", "ผู้\xC3"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(IsValidUtf8(bad));
  }
}

// ---- code point boundaries ------------------------------------------------------------

TEST(CodePointBoundaries, CountCodePointsCountsStartingBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  // ผ ู ้ อ ำ น ว ย ก า ร: 11 code points in 33 bytes.
  EXPECT_EQ(CountCodePoints("ผู้อำนวยการ"), 11u);
  EXPECT_EQ(CountCodePoints("日本"), 2u);
  EXPECT_EQ(CountCodePoints("\xFF" "a"), 2u);   // an invalid lead byte starts one
  EXPECT_EQ(CountCodePoints("\x80\x80"), 0u);   // continuation bytes start none
}

TEST(CodePointBoundaries, NextCodePointStartSkipsContinuationBytes) {
  const std::string text = "aก日\xFF";
  EXPECT_EQ(NextCodePointStart(text, 0), 1u);
  EXPECT_EQ(NextCodePointStart(text, 1), 4u);
  EXPECT_EQ(NextCodePointStart(text, 4), 7u);
  EXPECT_EQ(NextCodePointStart(text, 7), 8u);
  EXPECT_EQ(NextCodePointStart("\xE0\xB8", 0), 2u);   // cut short: stops at the end
}

TEST(CodePointBoundaries, TruncateToBytesNeverStopsInsideACodePoint) {
  const std::string text = "ที่ดิน";   // 6 code points of 3 bytes
  EXPECT_EQ(TruncateToBytes(text, 100), text);
  EXPECT_EQ(TruncateToBytes(text, text.size()), text);
  EXPECT_EQ(TruncateToBytes(text, 3), "ท");
  EXPECT_EQ(TruncateToBytes(text, 4), "ท");
  EXPECT_EQ(TruncateToBytes(text, 5), "ท");
  EXPECT_EQ(TruncateToBytes(text, 6), "ที");
  EXPECT_EQ(TruncateToBytes(text, 2), "");
  EXPECT_EQ(TruncateToBytes("abc", 2), "ab");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    SCOPED_TRACE(n);
    std::string_view cut = TruncateToBytes(text, n);
    EXPECT_LE(cut.size(), n);
    EXPECT_TRUE(IsValidUtf8(cut));
    EXPECT_GT(cut.size() + 3, n);   // drops at most the one code point it would split
  }
}

// ---- widths ---------------------------------------------------------------------------

TEST(CodePointWidth, ThaiAboveAndBelowVowelsAndToneMarksTakeNoColumn) {
  // Thai block U+0E01..U+0E5B: exactly the marks written above or below take no column.
  auto is_thai_mark = [](char32_t cp) {
    return cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E);
  };
  for (char32_t cp = 0x0E01; cp <= 0x0E5B; ++cp) {
    if (cp >= 0x0E3B && cp <= 0x0E3E) continue;   // unassigned
    SCOPED_TRACE(static_cast<std::uint32_t>(cp));
    EXPECT_EQ(CodePointWidth(cp), is_thai_mark(cp) ? 0 : 1);
    EXPECT_EQ(IsZeroWidthMark(cp), is_thai_mark(cp));
  }
}

TEST(CodePointWidth, WideControlAndCombining) {
  EXPECT_EQ(CodePointWidth(U'a'), 1);
  EXPECT_EQ(CodePointWidth(U'\u65E5'), 2);       // 日
  EXPECT_EQ(CodePointWidth(U'\uFF21'), 2);       // fullwidth A
  EXPECT_EQ(CodePointWidth(U'\U0001F600'), 2);   // emoji
  EXPECT_EQ(CodePointWidth(U'\u0301'), 0);       // combining acute
  EXPECT_EQ(CodePointWidth(U'\t'), 0);
  EXPECT_EQ(CodePointWidth(0), 0);
}

TEST(IsZeroWidthMark, MarksAndJoinersButNotControlsOrSeparators) {
  for (char32_t cp : {U'\u0301', U'\u20D7', U'\uFE0F', U'\u200C', U'\u200D', U'\u0E49'}) {
    SCOPED_TRACE(static_cast<std::uint32_t>(cp));
    EXPECT_TRUE(IsZeroWidthMark(cp));
  }
  for (char32_t cp : {U'a', U'\u0E33', U'\u65E5', U'\t', char32_t{0}, U'\u2028', U'\u00AD', U' '}) {
    SCOPED_TRACE(static_cast<std::uint32_t>(cp));
    EXPECT_FALSE(IsZeroWidthMark(cp));
  }
}

TEST(DisplayWidth, AsciiCountsOneColumnPerCharacter) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("p34"), 3);
  EXPECT_EQ(DisplayWidth("budget-request"), 14);
}

TEST(DisplayWidth, ThaiToneMarksAndUpperLowerVowelsTakeNoColumn) {
  // ผ ู ้ อ ำ น ว ย ก า ร: 11 code points; ู (U+0E39) and ้ (U+0E49) are combining.
  const std::string director = "ผู้อำนวยการ";
  EXPECT_EQ(DisplayWidth(director), 9);
  EXPECT_LT(static_cast<std::size_t>(DisplayWidth(director)), CountCodePoints(director));

  EXPECT_EQ(DisplayWidth("ที่"), 1);          // ท + ี + ่
  EXPECT_EQ(DisplayWidth("เห็นชอบ"), 6);      // ็ is combining
  EXPECT_EQ(DisplayWidth("กลุ่มนโยบายและแผน"), 15);  // ุ and ่ are combining
  EXPECT_EQ(DisplayWidth("น้ำ"), 2);          // ้ is combining; ำ (SARA AM) takes a column
}

TEST(DisplayWidth, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("日本"), 4);
  EXPECT_EQ(DisplayWidth("a日b"), 4);
  EXPECT_EQ(DisplayWidth("日ที่"), 3);
}

TEST(DisplayWidth, InvalidUtf8CountsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth("\xff"), 1);
  EXPECT_EQ(DisplayWidth("a\xc3"), 2);                // truncated 2-byte sequence
  EXPECT_EQ(DisplayWidth("\xe0\xb8"), 2);             // truncated Thai letter
  EXPECT_EQ(DisplayWidth("\xe0\xb8" "ก"), 3);         // truncated, then a whole letter
  EXPECT_EQ(DisplayWidth("\xed\xa0\x80"), 3);         // an encoded surrogate
  EXPECT_EQ(DisplayWidth("\xc0\xaf"), 2);             // an overlong '/'
  EXPECT_EQ(DisplayWidth("\x80\x80ก"), 3);            // stray continuation bytes
  EXPECT_EQ(DisplayWidth(std::string("a\0b", 3)), 2);  // NUL is a control: 0 columns
}

TEST(TruncateToWidth, TextThatFitsIsUnchanged) {
  EXPECT_EQ(TruncateToWidth("abc", 3), "abc");
  EXPECT_EQ(TruncateToWidth("ผู้อำนวยการ", 9), "ผู้อำนวยการ");
  EXPECT_EQ(TruncateToWidth("", 5), "");
}

TEST(TruncateToWidth, CutsAsciiAndAppendsEllipsis) {
  EXPECT_EQ(TruncateToWidth("abcdef", 4), "abc…");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("abcdef", 4)), 4);
  EXPECT_EQ(TruncateToWidth("abcdef", 1), "…");
  EXPECT_EQ(TruncateToWidth("abcdef", 0), "");
  EXPECT_EQ(TruncateToWidth("abcdef", -3), "");
}

TEST(TruncateToWidth, NeverSeparatesABaseCharacterFromItsMarks) {
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
    std::string cut = TruncateToWidth("ผู้อำนวยการกลุ่มนโยบายและแผน", w);
    EXPECT_LE(DisplayWidth(cut), w);
    EXPECT_TRUE(IsValidUtf8(cut));
  }
}

TEST(TruncateToWidth, WideCharactersAreNotSplit) {
  EXPECT_EQ(TruncateToWidth("日本語", 4), "日…");
  EXPECT_EQ(TruncateToWidth("日本語", 5), "日本…");
  EXPECT_EQ(TruncateToWidth("日本語", 2), "…");   // 日 needs two columns besides "…"
}

TEST(TruncateToWidth, InvalidBytesAreKeptAndCountOneColumn) {
  EXPECT_EQ(TruncateToWidth("\xff\xfe\xfd\xfc", 3), "\xff\xfe…");
  EXPECT_EQ(TruncateToWidth("a\xe0\xb8", 3), "a\xe0\xb8");
  EXPECT_EQ(TruncateToWidth("ก\xffขคง", 3), "ก\xff…");
  EXPECT_EQ(TruncateToWidth("\xe0\xb8" "กขค", 3), "\xe0\xb8…");   // a truncated sequence: two bytes, two columns
}

}  // namespace
}  // namespace krabuan
