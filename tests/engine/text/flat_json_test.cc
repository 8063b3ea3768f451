#include "engine/text/flat_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"

namespace krabuan {
namespace {

// FlatJson must write exactly what DetailText writes for the same object: history rows
// are hashed over this text, and old and new rows are read by the same code.
TEST(FlatJsonTest, WritesWhatTheTreeWrites) {
  const std::vector<std::string> texts = {
      "", "plain", "งานเกินกำหนด: ขั้นตอน \"ส่งคำขอ\"", "back\\slash", "line\nbreak\ttab\rret",
      std::string("nul\0x", 5), "\x01\x1f\x7f", "\b\f", "bad \xff\xfe utf-8", "cut \xe0\xb8"};
  for (const std::string& t : texts) {
    nlohmann::json tree = {{"zeta", t}, {"alpha", -42}, {"mid", t + "!"}, {"big", 9223372036854775807LL}};
    FlatJson flat;
    flat.Add("zeta", t).Add("alpha", std::int64_t{-42}).Add("mid", t + "!").Add("big", std::int64_t{9223372036854775807LL});
    EXPECT_EQ(flat.Text(), DetailText(tree)) << "for text " << nlohmann::json(t).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  }
}

TEST(FlatJsonTest, EmptyObject) { EXPECT_EQ(FlatJson().Text(), DetailText(nlohmann::json::object())); }

TEST(FlatJsonTest, StringLiteralEscapesQuotesAndControls) {
  EXPECT_EQ(JsonString("a\"b\\c\x02"), "\"a\\\"b\\\\c\\u0002\"");
}

}  // namespace
}  // namespace krabuan
