// Wrapping labels: spaces where they help, Thai split between the words libthai's
// dictionary finds, a word split between characters only when it is wider than a line,
// never between a consonant and its vowels or tone marks.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/render/text_wrap.h"
#include "engine/text/utf8.h"
#include "tests/support/cli_runner.h"

namespace krabuan {
namespace {

struct ColumnsCase {
  const char* text;
  int columns;
};

class LabelColumnsTable : public ::testing::TestWithParam<ColumnsCase> {};

TEST_P(LabelColumnsTable, CountsBaseCharactersOnly) {
  EXPECT_EQ(LabelColumns(GetParam().text), GetParam().columns) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(Table, LabelColumnsTable,
                         ::testing::Values(ColumnsCase{"", 0}, ColumnsCase{"abc", 3}, ColumnsCase{"ที่", 1},
                                           ColumnsCase{"กพท. พิจารณา", 11}, ColumnsCase{"เห็นชอบ", 6},
                                           ColumnsCase{"ไม่เห็นชอบ", 8}, ColumnsCase{"น้ำ", 2},
                                           ColumnsCase{"e\xCC\x81", 1},        // e + combining acute
                                           ColumnsCase{"a\xE2\x80\x8B" "b", 2},   // zero-width space
                                           ColumnsCase{"\xFF" "a", 2},       // an invalid byte counts one
                                           ColumnsCase{"\xE0\xB8", 2},        // a cut-short letter: two bytes
                                           ColumnsCase{"日本", 2}));          // a wide character counts one

// Labels and the command line's tables take their zero-width characters from one table:
// where no character is wide, a label's columns are its display width.
TEST(LabelColumns, AgreesWithDisplayWidthWhereNothingIsWide) {
  for (const char* text : {"ผู้อำนวยการกลุ่มนโยบายและแผน", "ที่ดิน", "น้ำ", "เห็นชอบ", "กพท. พิจารณา", "e\xCC\x81",
                           "a\xE2\x80\x8D" "b"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(LabelColumns(text), DisplayWidth(text));
  }
}

struct WrapCase {
  const char* name;
  const char* text;
  int width;
  std::vector<std::string> lines;
};

void PrintTo(const WrapCase& c, std::ostream* os) { *os << c.name; }

class WrapLabelTable : public ::testing::TestWithParam<WrapCase> {};

TEST_P(WrapLabelTable, Wraps) { EXPECT_EQ(WrapLabel(GetParam().text, GetParam().width), GetParam().lines); }

INSTANTIATE_TEST_SUITE_P(
    Table, WrapLabelTable,
    ::testing::Values(
        WrapCase{"empty", "", 10, {}},
        WrapCase{"fits", "short", 10, {"short"}},
        WrapCase{"latin_words", "the quick brown fox jumps", 10, {"the quick", "brown fox", "jumps"}},
        WrapCase{"spaces_collapse_at_breaks", "aaaa    bbbb", 5, {"aaaa", "bbbb"}},
        WrapCase{"newlines_kept", "ab\ncd", 10, {"ab", "cd"}},
        WrapCase{"blank_line_inside_kept", "ab\n\ncd\n", 10, {"ab", "", "cd"}},
        // Marks stay with their consonant: ที่ is one column, never split.
        WrapCase{"marks_stay", "ที่ที่ที่", 1, {"ที่", "ที่", "ที่"}},
        // Thai the dictionary has no words for is split between characters and fills the line.
        WrapCase{"thai_run", "กขคงจฉชซฌญฎฏ", 6, {"กขคงจฉ", "ชซฌญฎฏ"}},
        // เ (a leading vowel) never ends a line: the break moves before it.
        WrapCase{"leading_vowel_moves_down", "กขคงจเห", 6, {"กขคงจ", "เห"}},
        // า (a following vowel) never starts a line: the break moves before its consonant.
        WrapCase{"following_vowel_stays", "กขคงจฉา", 6, {"กขคงจ", "ฉา"}},
        // ๆ leans on the word before it.
        WrapCase{"mai_yamok_stays", "กขคงจฉๆ", 6, {"กขคงจ", "ฉๆ"}},
        // A space early in the line is a poor break when what follows is wider than a line
        // anyway; the Thai run fills the line instead.
        WrapCase{"thai_fills_after_short_word", "ก ขคงจฉชซฌญฎ", 8, {"ก ขคงจฉช", "ซฌญฎ"}},
        // A space late enough in the line is the break.
        WrapCase{"space_break_preferred", "กขคงจ ฉชซฌญ", 8, {"กขคงจ", "ฉชซฌญ"}},
        // A Latin word longer than the line is split only as a last resort.
        WrapCase{"long_latin_word", "abcdefghij", 4, {"abcd", "efgh", "ij"}},
        WrapCase{"hyphen_is_a_break", "budget-analyst-operating", 16, {"budget-analyst-", "operating"}},
        // Lines end between dictionary words (มาตรฐาน|การ|ศึกษา), never inside one.
        WrapCase{"words_kept_whole", "มาตรฐานการศึกษา", 8, {"มาตรฐาน", "การศึกษา"}},
        WrapCase{"line_ends_between_words", "มาตรฐานการศึกษา", 10, {"มาตรฐานการ", "ศึกษา"}},
        // The breaker weighs the whole run: เสนอ|ขอ|งบประมาณ, not เสนอ|ของ|บประมาณ.
        WrapCase{"lookahead_segmentation", "เสนอของบประมาณ", 8, {"เสนอขอ", "งบประมาณ"}},
        // Words outside the procedures' vocabulary come from the dictionary too; without it
        // these lines ended "...โรงเรีย|น" and "...มหาวิท|ยาลัย".
        WrapCase{"dictionary_words_kept_whole", "ประชาสัมพันธ์โรงเรียน", 16, {"ประชาสัมพันธ์", "โรงเรียน"}},
        WrapCase{"dictionary_words_kept_whole_2", "ส่งเสริมมหาวิทยาลัย", 12, {"ส่งเสริม", "มหาวิทยาลัย"}},
        // A word that fits goes whole to the next line, marks and all (9 columns in 10).
        WrapCase{"word_moves_down_whole", "ส่ง ผู้บังคับบัญชาพิจารณา", 10, {"ส่ง", "ผู้บังคับบัญชา", "พิจารณา"}},
        // A word wider than the line is split between characters, filling it; บั stays one.
        WrapCase{"long_word_split_by_characters", "ผู้บังคับบัญชา", 6, {"ผู้บังคับบั", "ญชา"}},
        WrapCase{"zero_width_space_is_a_break", "กขค\xE2\x80\x8B" "งจฉ", 4, {"กขค", "งจฉ"}}));

// "มาตรฐานการศึกษา" is มาตรฐาน|การ|ศึกษา: at any width that holds its longest word, every
// line is made of whole words.
TEST(WrapLabel, ThaiLinesAreWholeWordsAtEveryWidth) {
  const std::vector<std::string> whole = {"มาตรฐาน", "การ", "ศึกษา", "มาตรฐานการ", "การศึกษา", "มาตรฐานการศึกษา"};
  for (int width = 7; width <= 16; ++width) {
    std::vector<std::string> lines = WrapLabel("มาตรฐานการศึกษา", width);
    std::string joined;
    for (const std::string& line : lines) {
      EXPECT_NE(std::find(whole.begin(), whole.end(), line), whole.end()) << line << " at width " << width;
      EXPECT_LE(LabelColumns(line), width) << line;
      joined += line;
    }
    EXPECT_EQ(joined, "มาตรฐานการศึกษา") << "width " << width;
  }
}

// Every line fits, no text is lost, and no line starts with a mark or a following vowel
// or ends with a leading vowel; checked on every task name of the real process files.
std::vector<std::string> TaskNames() {
  std::vector<std::string> names;
  std::ifstream in(clitest::ProcessesDir() / "budget-request.xml");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string xml = buf.str();
  std::regex name_attr("<task[^>]*?\\sname=\"([^\"]*)\"");
  for (std::sregex_iterator it(xml.begin(), xml.end(), name_attr), end; it != end; ++it) names.push_back((*it)[1]);
  return names;
}

bool StartsWithAny(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes) {
    if (s.rfind(p, 0) == 0) return true;
  }
  return false;
}

bool EndsWithAny(const std::string& s, std::initializer_list<const char*> suffixes) {
  for (const char* p : suffixes) {
    std::string suffix(p);
    if (s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
  }
  return false;
}

std::string WithoutSpaces(std::string s) {
  std::erase(s, ' ');
  return s;
}

TEST(WrapLabel, RealTaskNamesWrapWithinWidthAndKeepEveryCharacter) {
  std::vector<std::string> names = TaskNames();
  ASSERT_GE(names.size(), 10u);
  int wrapped = 0;
  for (int width : {6, 12, 20, 28}) {
    for (const std::string& name : names) {
      std::vector<std::string> lines = WrapLabel(name, width);
      ASSERT_FALSE(lines.empty()) << name << " at width " << width;
      if (width == 28) wrapped += lines.size() > 1;
      std::string joined;
      for (const std::string& line : lines) {
        EXPECT_LE(LabelColumns(line), width) << line << " in " << name << " at width " << width;
        EXPECT_FALSE(line.empty()) << name;
        // Thai above/below vowels and tone marks (U+0E31, U+0E34-0E3A, U+0E47-0E4E) and
        // following vowels never start a line.
        EXPECT_FALSE(StartsWithAny(line, {"ั", "ิ", "ี", "ึ", "ื", "ุ", "ู", "็", "่", "้", "๊", "๋", "์", "ะ", "า", "ำ", "ๆ"}))
            << line << " in " << name;
        EXPECT_FALSE(EndsWithAny(line, {"เ", "แ", "โ", "ใ", "ไ"})) << line << " in " << name;
        joined += line;
      }
      EXPECT_EQ(WithoutSpaces(joined), WithoutSpaces(name));
    }
  }
  EXPECT_GE(wrapped, 8) << "most of the manual's step texts are longer than a line";
}

// The word breaker is shared; threads wrapping at once get what one thread gets.
TEST(WrapLabel, ThreadsWrappingAtOnceAgreeWithOneThread) {
  std::vector<std::string> names = TaskNames();
  ASSERT_FALSE(names.empty());
  std::vector<std::vector<std::string>> expected;
  for (const std::string& name : names) expected.push_back(WrapLabel(name, 20));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (std::size_t i = 0; i < names.size(); ++i) mismatches[t] += WrapLabel(names[i], 20) != expected[i];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace krabuan
