#include "engine/time/instant.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/time/month_names.h"

namespace krabuan {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// The instant for a text the test knows to be valid; a parse failure fails the test.
Instant At(std::string_view text) {
  Result<Instant> r = ParseInstant(text);
  if (!r.ok()) {
    ADD_FAILURE() << "ParseInstant(" << text << "): " << r.status().message();
    return Instant{};
  }
  return *r;
}

TEST(ParseInstantTest, AcceptsEveryDocumentedForm) {
  struct Case {
    const char* text;
    const char* utc;
  };
  const Case cases[] = {
      {"2025-08-01T09:00:00+07:00", "2025-08-01T02:00:00Z"},
      {"2025-08-01T09:00+07:00", "2025-08-01T02:00:00Z"},
      {"2025-08-01T02:00:00Z", "2025-08-01T02:00:00Z"},
      {"2025-08-01T09:00", "2025-08-01T02:00:00Z"},  // no zone: office time
      {"2025-08-01T09:00:00", "2025-08-01T02:00:00Z"},
      {"2025-08-01", "2025-07-31T17:00:00Z"},        // 00:00 office time
      {"2025-08-01T09:00:00.123+07:00", "2025-08-01T02:00:00Z"},  // fraction dropped
      {"2025-08-01T02:00:00,999Z", "2025-08-01T02:00:00Z"},
      {"2025-08-01t02:00:00z", "2025-08-01T02:00:00Z"},
      {"2025-08-01 09:00", "2025-08-01T02:00:00Z"},
      {"2025-08-01T04:00:00+0200", "2025-08-01T02:00:00Z"},
      {"2025-08-01T09:00+07", "2025-08-01T02:00:00Z"},
      {"2025-08-01T00:30:00-05:00", "2025-08-01T05:30:00Z"},
      {"2024-02-29T23:00:00+07:00", "2024-02-29T16:00:00Z"},  // leap day
      {"2025-01-01T03:00", "2024-12-31T20:00:00Z"},           // crosses the year in UTC
      {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
      {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Instant> r = ParseInstant(c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(FormatInstantUtc(*r), c.utc);
  }
}

TEST(ParseInstantTest, RejectsMalformedTextNamingItAndTheExpectedForm) {
  const char* cases[] = {
      "",
      "garbage",
      "2025-8-1",
      "2025-13-01",
      "2023-02-29",          // not a leap year
      "2100-02-29",          // century, not a leap year
      "0000-01-01",
      "2025-08-01T",
      "2025-08-01T9:00",
      "2025-08-01T24:00",
      "2025-08-01T09:60",
      "2025-08-01T09:00:60",
      "2025-08-01T09:00+7",
      "2025-08-01T09:00+24:00",
      "2025-08-01T09:00+07:00x",
      "2025-08-01Z",
      "2025-08-01T09:00:00.",
      " 2025-08-01",
      "2025-08-01x",
  };
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    Result<Instant> r = ParseInstant(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
    EXPECT_NE(r.status().message().find("'" + std::string(text) + "'"), std::string::npos)
        << r.status().message();
    EXPECT_NE(r.status().message().find("expected"), std::string::npos);
    EXPECT_EQ(r.status().message().find('\n'), std::string::npos);
  }
}

TEST(ParseInstantTest, FormatThenParseIsIdentity) {
  const char* cases[] = {"2025-08-01T02:00:00Z", "2024-02-29T16:59:59Z", "2000-01-01T00:00:00Z",
                         "2568-09-30T16:59:59Z"};
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    Instant t = At(text);
    EXPECT_EQ(FormatInstantUtc(t), text);
    EXPECT_EQ(At(FormatInstantUtc(t)), t);
  }
}

TEST(ParseDateTest, AcceptsValidDatesIncludingLeapDays) {
  struct Case {
    const char* text;
    Date want;
  };
  const Case cases[] = {
      {"2025-08-01", D(2025, 8, 1)},  {"2024-02-29", D(2024, 2, 29)},
      {"2000-02-29", D(2000, 2, 29)}, {"0001-01-01", D(1, 1, 1)},
      {"9999-12-31", D(9999, 12, 31)}, {"2025-09-30", D(2025, 9, 30)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Date> r = ParseDate(c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(*r, c.want);
    EXPECT_EQ(FormatIsoDate(*r), c.text);
  }
}

TEST(ParseDateTest, RejectsImpossibleOrMisshapenDates) {
  struct Case {
    const char* text;
    const char* reason;  // a fragment the message must contain
  };
  const Case cases[] = {
      {"1900-02-29", "no day 29"}, {"2023-02-29", "no day 29"},  {"2025-04-31", "no day 31"},
      {"2025-00-10", "month 00"},  {"2025-13-10", "month 13"},   {"0000-06-01", "year 0000"},
      {"2025-08-01T00:00", "after the date"}, {"25-08-01", "format"}, {"2025/08/01", "format"},
      {"", "format"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Date> r = ParseDate(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
    const std::string& msg = r.status().message();
    EXPECT_NE(msg.find("'" + std::string(c.text) + "'"), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.reason), std::string::npos) << msg;
    EXPECT_NE(msg.find("YYYY-MM-DD"), std::string::npos) << msg;
  }
}

TEST(OfficeDayTest, OfficeDateFollowsBangkokMidnightNotUtc) {
  struct Case {
    const char* utc;
    Date want;
  };
  const Case cases[] = {
      {"2025-07-31T16:59:59Z", D(2025, 7, 31)},
      {"2025-07-31T17:00:00Z", D(2025, 8, 1)},
      {"2025-09-30T16:59:59Z", D(2025, 9, 30)},
      {"2025-09-30T17:00:00Z", D(2025, 10, 1)},
      {"2024-02-28T17:00:00Z", D(2024, 2, 29)},
      {"2024-12-31T17:00:00Z", D(2025, 1, 1)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.utc);
    EXPECT_EQ(OfficeDate(At(c.utc)), c.want);
  }
}

TEST(OfficeDayTest, StartAndEndOfDayBracketTheOfficeDay) {
  const Date cases[] = {D(2025, 8, 1), D(2024, 2, 29), D(2025, 9, 30), D(2024, 12, 31)};
  for (const Date& d : cases) {
    SCOPED_TRACE(FormatIsoDate(d));
    Instant start = OfficeStartOfDay(d);
    Instant end = OfficeEndOfDay(d);
    EXPECT_EQ(end - start, seconds{86399});
    EXPECT_EQ(OfficeDate(start), d);
    EXPECT_EQ(OfficeDate(end), d);
    EXPECT_EQ(OfficeDate(start - seconds{1}), Date{sys_days(d) - days{1}});
    EXPECT_EQ(OfficeDate(end + seconds{1}), Date{sys_days(d) + days{1}});
  }
  EXPECT_EQ(FormatInstantUtc(OfficeStartOfDay(D(2025, 8, 1))), "2025-07-31T17:00:00Z");
  EXPECT_EQ(FormatInstantUtc(OfficeEndOfDay(D(2025, 8, 1))), "2025-08-01T16:59:59Z");
}

TEST(ThaiFormatTest, FormatThaiDateUsesAbbreviatedMonthAndBuddhistEra) {
  struct Case {
    Date d;
    const char* want;
  };
  const Case cases[] = {
      {D(2025, 8, 1), "1 ส.ค. 2568"},   {D(2024, 2, 29), "29 ก.พ. 2567"},
      {D(2025, 1, 1), "1 ม.ค. 2568"},   {D(2025, 12, 31), "31 ธ.ค. 2568"},
      {D(2024, 10, 1), "1 ต.ค. 2567"},  {D(1957, 6, 15), "15 มิ.ย. 2500"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.want);
    EXPECT_EQ(FormatThaiDate(c.d), c.want);
  }
}

TEST(ThaiFormatTest, FormatThaiDateTimeShowsOfficeTime) {
  struct Case {
    const char* utc;
    const char* want;
  };
  const Case cases[] = {
      {"2025-08-01T02:00:00Z", "1 ส.ค. 2568 09:00"},
      {"2025-07-31T17:00:00Z", "1 ส.ค. 2568 00:00"},
      {"2024-12-31T17:30:59Z", "1 ม.ค. 2568 00:30"},  // seconds are not shown
      {"2025-09-30T16:59:59Z", "30 ก.ย. 2568 23:59"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.utc);
    EXPECT_EQ(FormatThaiDateTime(At(c.utc)), c.want);
  }
}

TEST(ThaiFormatTest, MonthNamesAndAbbreviations) {
  const char* names[] = {"มกราคม",  "กุมภาพันธ์", "มีนาคม",  "เมษายน", "พฤษภาคม", "มิถุนายน",
                         "กรกฎาคม", "สิงหาคม",  "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
  const char* abbrevs[] = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                           "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
  for (unsigned m = 1; m <= 12; ++m) {
    SCOPED_TRACE(m);
    EXPECT_EQ(ThaiMonthName(m), names[m - 1]);
    EXPECT_EQ(ThaiMonthAbbrev(m), abbrevs[m - 1]);
  }
}

}  // namespace
}  // namespace krabuan
