// Ids typed on the command line: one rule for every kind, one kind of refusal.
#include "cli/id_arg.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

namespace krabuan::cli {
namespace {

TEST(ParseId, ReadsPositiveDecimalNumbers) {
  for (auto [text, want] : {std::pair<const char*, std::int64_t>{"1", 1}, {"42", 42}, {"007", 7},
                            {"9223372036854775807", INT64_MAX}}) {
    SCOPED_TRACE(text);
    Result<std::int64_t> id = ParseId(text, "a task");
    ASSERT_TRUE(id.ok()) << id.status().message();
    EXPECT_EQ(*id, want);
  }
}

TEST(ParseId, RefusesWhatIsNotAPositiveNumberNamingTheKind) {
  for (const char* text : {"", "0", "000", "-1", "+1", " 1", "1 ", "1x", "x1", "1.0", "1e3", "0x1F", "๑๒",
                           "1,000"}) {
    SCOPED_TRACE(text);
    Result<std::int64_t> id = ParseId(text, "an alert");
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.status().message(), "'" + std::string(text) + "' is not an alert id (a positive number)");
  }
}

TEST(ParseId, RefusesNumbersTooLargeForAnIdSayingTheLimit) {
  for (const char* text : {"9223372036854775808", "99999999999999999999999"}) {
    SCOPED_TRACE(text);
    Result<std::int64_t> id = ParseId(text, "a timer");
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.status().message(),
              "'" + std::string(text) + "' is not a timer id (a positive number up to 9223372036854775807)");
  }
}

}  // namespace
}  // namespace krabuan::cli
