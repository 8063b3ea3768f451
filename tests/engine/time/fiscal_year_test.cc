#include "engine/time/fiscal_year.h"

#include <gtest/gtest.h>

namespace krabuan {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(FiscalYearTest, FiscalYearOfTurnsOverOnFirstOctober) {
  struct Case {
    Date d;
    int be;
  };
  const Case cases[] = {
      {D(2024, 9, 30), 2567},  {D(2024, 10, 1), 2568}, {D(2024, 12, 31), 2568},
      {D(2025, 1, 1), 2568},   {D(2025, 9, 30), 2568}, {D(2025, 10, 1), 2569},
      {D(2024, 2, 29), 2567},  {D(2023, 10, 1), 2567}, {D(1999, 12, 31), 2543},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIsoDate(c.d));
    EXPECT_EQ(FiscalYearOf(c.d).be, c.be);
  }
}

TEST(FiscalYearTest, StartAndEndOfNamedYears) {
  struct Case {
    int be;
    Date start, end;
  };
  const Case cases[] = {
      {2568, D(2024, 10, 1), D(2025, 9, 30)},
      {2567, D(2023, 10, 1), D(2024, 9, 30)},
      {2543, D(1999, 10, 1), D(2000, 9, 30)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.be);
    EXPECT_EQ(FiscalYearStart(FiscalYear{c.be}), c.start);
    EXPECT_EQ(FiscalYearEnd(FiscalYear{c.be}), c.end);
  }
}

TEST(FiscalYearTest, YearsTileTheCalendarWithoutGapsOrOverlap) {
  for (int be = 2400; be <= 2700; ++be) {
    SCOPED_TRACE(be);
    FiscalYear fy{be};
    EXPECT_EQ(FiscalYearOf(FiscalYearStart(fy)), fy);
    EXPECT_EQ(FiscalYearOf(FiscalYearEnd(fy)), fy);
    EXPECT_EQ(FiscalYearOf(Date{sys_days(FiscalYearStart(fy)) - days{1}}).be, be - 1);
    EXPECT_EQ(Date{sys_days(FiscalYearEnd(fy)) + days{1}}, FiscalYearStart(FiscalYear{be + 1}));
    // 365 or 366 days; 366 exactly when the year holds a 29 February.
    auto length = (sys_days(FiscalYearEnd(fy)) - sys_days(FiscalYearStart(fy))).count() + 1;
    bool leap = FiscalYearEnd(fy).year().is_leap();
    EXPECT_EQ(length, leap ? 366 : 365);
  }
}

TEST(FiscalYearTest, OfficeMidnightDecidesTheYearOfAnInstant) {
  struct Case {
    const char* text;
    int be;
  };
  const Case cases[] = {
      // 17:00Z on 30 Sep is already 1 Oct in Bangkok.
      {"2025-09-30T16:59:59Z", 2568},
      {"2025-09-30T17:00:00Z", 2569},
      {"2025-09-30T23:59:59+07:00", 2568},
      {"2025-10-01T00:00:00+07:00", 2569},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Instant> t = ParseInstant(c.text);
    ASSERT_TRUE(t.ok()) << t.status().message();
    EXPECT_EQ(FiscalYearOf(OfficeDate(*t)).be, c.be);
  }
}

TEST(FiscalYearTest, PlausibleRangeCatchesCommonEraYears) {
  struct Case {
    int be;
    bool plausible;
  };
  const Case cases[] = {{2399, false}, {2400, true},  {2568, true}, {2700, true},
                        {2701, false}, {2025, false}, {0, false},   {-2568, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.be);
    EXPECT_EQ(IsPlausibleFiscalYear(c.be), c.plausible);
  }
}

TEST(FiscalYearTest, OrdersByYear) {
  EXPECT_LT(FiscalYear{2567}, FiscalYear{2568});
  EXPECT_EQ(FiscalYear{2568}, FiscalYear{2568});
  EXPECT_GT(FiscalYear{2569}, FiscalYear{2568});
}

}  // namespace
}  // namespace krabuan
