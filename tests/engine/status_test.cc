// Misusing a Result is a programming error that stops with a message, never undefined
// behaviour: reading an error's value, or making an error Result from an OK status.
#include "engine/status.h"

#include <gtest/gtest.h>

#include <string>

namespace krabuan {
namespace {

Result<int> Failing() { return Status::NotFound("no task 7"); }

// The unit tests share one process, where other tests may have left threads behind.
class StatusDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(StatusDeathTest, ReadingTheValueOfAnErrorStopsWithItsMessage) {
  EXPECT_DEATH({ (void)*Failing(); }, "the value of an error Result was read \\(status: no task 7\\)");
  EXPECT_DEATH({ (void)Failing().value(); }, "no task 7");
}

TEST_F(StatusDeathTest, AResultCannotBeMadeFromAnOkStatus) {
  EXPECT_DEATH({ Result<int> r(Status::Ok()); (void)r; }, "a Result made from an OK status");
}

TEST(StatusTest, AValueAndAnErrorReadAsThemselves) {
  Result<std::string> v(std::string("ok"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "ok");
  EXPECT_TRUE(v.status().ok());
  Result<int> e = Failing();
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace krabuan
