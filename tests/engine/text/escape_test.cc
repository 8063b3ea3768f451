#include "engine/text/escape.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace krabuan {
namespace {

struct EscapeCase {
  std::string name;
  std::string in;
  std::string out;
};

void PrintTo(const EscapeCase& c, std::ostream* os) { *os << c.name; }

class Escape : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(Escape, MakesControlsVisibleAndKeepsPrintableText) {
  const EscapeCase& c = GetParam();
  std::string escaped = EscapeControls(c.in);
  EXPECT_EQ(escaped, c.out);
  // Escaping what is escaped changes nothing: an output may pass two boundaries.
  EXPECT_EQ(EscapeControls(escaped), escaped);
  for (unsigned char b : escaped) EXPECT_TRUE(b >= 0x20 && b != 0x7f) << "byte " << int(b) << " left in " << escaped;
}

INSTANTIATE_TEST_SUITE_P(
    Text, Escape,
    ::testing::ValuesIn(std::vector<EscapeCase>{
        {"plain_ascii", "K-1 budget 2568", "K-1 budget 2568"},
        {"thai_with_marks", "ผู้อำนวยการ ไม่เห็นชอบ ๒๕๖๘", "ผู้อำนวยการ ไม่เห็นชอบ ๒๕๖๘"},
        {"other_scripts", "日本 café €", "日本 café €"},
        {"newline_and_return", "a\nb\r\nc", "a\\nb\\r\\nc"},
        {"tab", "a\tb", "a\\tb"},
        {"escape_sequence", "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
        {"bell_nul_del", std::string("\a\0\x7f", 3), "\\x07\\x00\\x7f"},
        {"c1_csi", "\xc2\x9b" "2J", "\\u009b2J"},
        {"c1_next_line", "a\xc2\x85" "b", "a\\u0085b"},
        {"line_separator", "a\xe2\x80\xa8" "b\xe2\x80\xa9", "a\\u2028b\\u2029"},
        {"bidi_override", "abc\xe2\x80\xae" "fed", "abc\\u202efed"},
        {"bidi_isolate", "\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069"},
        {"invalid_bytes", "ok\xff\xfe", "ok\\xff\\xfe"},
        {"truncated_thai", "\xe0\xb8", "\\xe0\\xb8"},
        {"overlong_slash", "\xc0\xaf", "\\xc0\\xaf"},
        {"backslash_kept", "C:\\new", "C:\\new"},
        {"empty", "", ""},
    }),
    [](const ::testing::TestParamInfo<EscapeCase>& info) { return info.param.name; });

}  // namespace
}  // namespace krabuan
