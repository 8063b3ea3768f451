#include "engine/time/due.h"

#include <gtest/gtest.h>

#include <string>

namespace krabuan {
namespace {

using Kind = DueSpec::Kind;

Instant At(std::string_view text) {
  Result<Instant> r = ParseInstant(text);
  if (!r.ok()) {
    ADD_FAILURE() << "ParseInstant(" << text << "): " << r.status().message();
    return Instant{};
  }
  return *r;
}

TEST(ParseDueTest, AcceptsEveryDocumentedForm) {
  struct Case {
    const char* text;
    Kind kind;
    int years, months, days;
    long long seconds;
  };
  const Case cases[] = {
      // ISO-8601
      {"P15D", Kind::kDuration, 0, 0, 15, 0},
      {"P1M", Kind::kDuration, 0, 1, 0, 0},
      {"PT5M", Kind::kDuration, 0, 0, 0, 300},
      {"P1Y2M3DT4H5M6S", Kind::kDuration, 1, 2, 3, 4 * 3600 + 5 * 60 + 6},
      {"P2W", Kind::kDuration, 0, 0, 14, 0},
      {"P1W3D", Kind::kDuration, 0, 0, 10, 0},
      {"P1Y", Kind::kDuration, 1, 0, 0, 0},
      {"PT2H", Kind::kDuration, 0, 0, 0, 7200},
      {"PT90S", Kind::kDuration, 0, 0, 0, 90},
      {"P1DT12H", Kind::kDuration, 0, 0, 1, 12 * 3600},
      {"P0D", Kind::kDuration, 0, 0, 0, 0},
      {"p15d", Kind::kDuration, 0, 0, 15, 0},
      // Thai, with and without the space, ASCII and Thai digits
      {"15 วัน", Kind::kDuration, 0, 0, 15, 0},
      {"15วัน", Kind::kDuration, 0, 0, 15, 0},
      {"๑๕ วัน", Kind::kDuration, 0, 0, 15, 0},
      {"1 เดือน", Kind::kDuration, 0, 1, 0, 0},
      {"๑เดือน", Kind::kDuration, 0, 1, 0, 0},
      {"5 นาที", Kind::kDuration, 0, 0, 0, 300},
      {"2 ชั่วโมง", Kind::kDuration, 0, 0, 0, 7200},
      {"๒ชั่วโมง", Kind::kDuration, 0, 0, 0, 7200},
      {"1 ปี", Kind::kDuration, 1, 0, 0, 0},
      {"  15 วัน  ", Kind::kDuration, 0, 0, 15, 0},
      // English
      {"15 days", Kind::kDuration, 0, 0, 15, 0},
      {"1 day", Kind::kDuration, 0, 0, 1, 0},
      {"1 month", Kind::kDuration, 0, 1, 0, 0},
      {"3 Months", Kind::kDuration, 0, 3, 0, 0},
      {"5 minutes", Kind::kDuration, 0, 0, 0, 300},
      {"1 minute", Kind::kDuration, 0, 0, 0, 60},
      {"2 hours", Kind::kDuration, 0, 0, 0, 7200},
      {"1 year", Kind::kDuration, 1, 0, 0, 0},
      {"15days", Kind::kDuration, 0, 0, 15, 0},
      // Fiscal-year end
      {"ตลอดปีงบประมาณ", Kind::kFiscalYearEnd, 0, 0, 0, 0},
      {"fiscal-year-end", Kind::kFiscalYearEnd, 0, 0, 0, 0},
      {"Fiscal-Year-End", Kind::kFiscalYearEnd, 0, 0, 0, 0},
      // No deadline
      {"ตลอดเวลา", Kind::kNone, 0, 0, 0, 0},
      {"none", Kind::kNone, 0, 0, 0, 0},
      {"None", Kind::kNone, 0, 0, 0, 0},
      {"", Kind::kNone, 0, 0, 0, 0},
      {"   ", Kind::kNone, 0, 0, 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<DueSpec> r = ParseDue(c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->kind, c.kind);
    EXPECT_EQ(r->years, c.years);
    EXPECT_EQ(r->months, c.months);
    EXPECT_EQ(r->days, c.days);
    EXPECT_EQ(r->seconds, c.seconds);
    EXPECT_EQ(r->source, c.text);
  }
}

TEST(ParseDueTest, RejectsOtherTextNamingItAndTheExpectedForms) {
  struct Case {
    const char* text;
    const char* reason;  // a fragment the message must contain
  };
  const Case cases[] = {
      {"P", "at least one component"},
      {"PT", "'T' must be followed"},
      {"P1DT", "'T' must be followed"},
      {"P1.5D", "fractions"},
      {"PT1,5H", "fractions"},
      {"1.5 วัน", "fractions"},
      {"P1H", "before 'T'"},
      {"PT1D", "after 'T'"},
      {"P1D1Y", "in the order"},
      {"P1M1M", "in the order"},
      {"PT1H1H", "in the order"},
      {"P1DTT1H", "'T' appears twice"},
      {"P15", "no designator"},
      {"PD", "a number must come"},
      {"Pending", "a number must come"},
      {"P99999Y", "1000 years"},
      {"P99999999999999999999D", "too large"},
      {"P60000W", "1000 years"},
      {"2000 ปี", "1000 years"},
      {"99999999 hours", "1000 years"},
      {"15", "no unit"},
      {"15 วันทำการ", "unknown unit"},  // working days are not calendar days
      {"2 weeks", "unknown unit"},
      {"15 วัน 2 ชั่วโมง", "unknown unit"},
      {"สิงหาคม", "unknown form"},
      {"abc", "unknown form"},
      {"-P1D", "unknown form"},
      {"ภายใน 15 วัน", "unknown form"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<DueSpec> r = ParseDue(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
    const std::string& msg = r.status().message();
    EXPECT_NE(msg.find("'" + std::string(c.text) + "'"), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.reason), std::string::npos) << msg;
    EXPECT_NE(msg.find("expected e.g. P15D"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

TEST(ResolveDueTest, DurationsCountCalendarTimeInTheOfficeZone) {
  struct Case {
    const char* due;
    const char* start;
    const char* want;  // office time
  };
  const Case cases[] = {
      {"P15D", "2025-08-01T09:00", "2025-08-16T09:00"},
      {"15 วัน", "2025-09-20T10:00", "2025-10-05T10:00"},  // crosses the FY boundary
      {"P2W", "2025-02-20T09:00", "2025-03-06T09:00"},
      {"P2W", "2024-02-20T09:00", "2024-03-05T09:00"},    // leap February
      {"P1M", "2025-01-31T09:00", "2025-02-28T09:00"},    // clamps to month end
      {"P1M", "2024-01-31T09:00", "2024-02-29T09:00"},    // clamps to leap day
      {"1 เดือน", "2025-03-31T10:00", "2025-04-30T10:00"},
      {"1 month", "2025-12-15T08:30", "2026-01-15T08:30"},  // crosses the year
      {"P1M", "2025-01-31T03:00", "2025-02-28T03:00"},  // UTC date is still 30 Jan
      {"P1Y", "2024-02-29T09:00", "2025-02-28T09:00"},
      {"P4Y", "2024-02-29T09:00", "2028-02-29T09:00"},
      {"P1Y1M", "2024-02-29T09:00", "2025-03-29T09:00"},  // months added as one total
      {"1 ปี", "2024-10-01T09:00", "2025-10-01T09:00"},
      {"P1M1D", "2025-01-31T09:00", "2025-03-01T09:00"},  // clamp, then days
      {"PT5M", "2025-08-01T23:58", "2025-08-02T00:03"},
      {"5 นาที", "2025-08-01T09:00", "2025-08-01T09:05"},
      {"2 ชั่วโมง", "2025-09-30T23:00", "2025-10-01T01:00"},
      {"P1DT12H", "2025-08-01T09:00", "2025-08-02T21:00"},
      {"P0D", "2025-08-01T09:00", "2025-08-01T09:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.due) + " from " + c.start);
    Result<DueSpec> spec = ParseDue(c.due);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    std::optional<Instant> due = ResolveDue(*spec, At(c.start), FiscalYear{2568});
    ASSERT_TRUE(due.has_value());
    EXPECT_EQ(FormatInstantUtc(*due), FormatInstantUtc(At(c.want)));
  }
}

TEST(ResolveDueTest, FiscalYearEndIsEndOfThirtySeptemberOfTheGivenYear) {
  struct Case {
    const char* due;
    const char* start;
    int fy;
    const char* want_utc;
  };
  const Case cases[] = {
      {"ตลอดปีงบประมาณ", "2024-10-01T09:00", 2568, "2025-09-30T16:59:59Z"},
      {"ตลอดปีงบประมาณ", "2025-09-30T23:00", 2568, "2025-09-30T16:59:59Z"},
      // The instance's fiscal year decides, not the start date.
      {"fiscal-year-end", "2025-08-01T09:00", 2569, "2026-09-30T16:59:59Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.due);
    Result<DueSpec> spec = ParseDue(c.due);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    std::optional<Instant> due = ResolveDue(*spec, At(c.start), FiscalYear{c.fy});
    ASSERT_TRUE(due.has_value());
    EXPECT_EQ(FormatInstantUtc(*due), c.want_utc);
    EXPECT_EQ(*due, OfficeEndOfDay(FiscalYearEnd(FiscalYear{c.fy})));
  }
}

TEST(ResolveDueTest, NoDeadlineResolvesToNothing) {
  for (const char* text : {"", "none", "ตลอดเวลา"}) {
    SCOPED_TRACE(text);
    Result<DueSpec> spec = ParseDue(text);
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    EXPECT_FALSE(ResolveDue(*spec, At("2025-08-01T09:00"), FiscalYear{2568}).has_value());
  }
}

}  // namespace
}  // namespace krabuan
