// Wrapping labels: spaces where they help, Thai runs split between characters, never
// between a consonant and its vowels or tone marks.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/render/text_wrap.h"
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
                                           ColumnsCase{"\xFF" "a", 2}));      // an invalid byte counts one

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
        // Thai without spaces fills the line: 6 columns each.
        WrapCase{"thai_run", "กขคงจฉชซฌญฎฏ", 6, {"กขคงจฉ", "ชซฌญฎฏ"}},
        // เ (a leading vowel) never ends a line: the break moves before it.
        WrapCase{"leading_vowel_moves_down", "กขคงจเห", 6, {"กขคงจ", "เห"}},
        // า (a following vowel) never starts a line: the break moves before its consonant.
        WrapCase{"following_vowel_stays", "กขคงจฉา", 6, {"กขคงจ", "ฉา"}},
        // ๆ leans on the word before it.
        WrapCase{"mai_yamok_stays", "กขคงจฉๆ", 6, {"กขคงจ", "ฉๆ"}},
        // A space early in the line is a poor break; the Thai run fills the line instead.
        WrapCase{"thai_fills_after_short_word", "ก ขคงจฉชซฌญฎ", 8, {"ก ขคงจฉช", "ซฌญฎ"}},
        // A space late enough in the line is the break.
        WrapCase{"space_break_preferred", "กขคงจ ฉชซฌญ", 8, {"กขคงจ", "ฉชซฌญ"}},
        // A Latin word longer than the line is split only as a last resort.
        WrapCase{"long_latin_word", "abcdefghij", 4, {"abcd", "efgh", "ij"}},
        WrapCase{"hyphen_is_a_break", "budget-analyst-operating", 16, {"budget-analyst-", "operating"}},
        // Known words of the procedures are kept whole; the better split of ของบประมาณ wins.
        WrapCase{"known_words_kept_whole", "มาตรฐานการศึกษา", 10, {"มาตรฐาน", "การศึกษา"}},
        WrapCase{"lookahead_segmentation", "เสนอของบประมาณ", 8, {"เสนอขอ", "งบประมาณ"}},
        WrapCase{"zero_width_space_is_a_break", "กขค\xE2\x80\x8B" "งจฉ", 4, {"กขค", "งจฉ"}}));

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
  for (const std::string& name : names) {
    std::vector<std::string> lines = WrapLabel(name, 28);
    ASSERT_FALSE(lines.empty()) << name;
    wrapped += lines.size() > 1;
    std::string joined;
    for (const std::string& line : lines) {
      EXPECT_LE(LabelColumns(line), 28) << line << " in " << name;
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
  EXPECT_GE(wrapped, 8) << "most of the manual's step texts are longer than a line";
}

}  // namespace
}  // namespace krabuan
