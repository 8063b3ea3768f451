// The time-expression language: every timing cell of the manual parses, resolves by
// rule 5.4 for fixed fiscal years, and bad text is refused with one clear line.
#include "engine/time/schedule.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/parse/holidays_parser.h"
#include "engine/time/month_names.h"

namespace krabuan {
namespace {

using Kind = TimeSpec::Kind;

std::string SourceDir() {
#ifdef KRABUAN_SOURCE_DIR
  return KRABUAN_SOURCE_DIR;
#else
  std::string file = __FILE__;
  std::size_t pos = file.rfind("/tests/engine/time/");
  return pos == std::string::npos ? "." : file.substr(0, pos);
#endif
}

// The bundled holidays, loaded once.
const HolidayCalendar& Holidays() {
  static const HolidayCalendar* cal = [] {
    std::string path = SourceDir() + "/processes/calendar/holidays.xml";
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    Result<HolidayCalendar> r = ParseHolidays(buf.str(), "holidays.xml");
    if (!r.ok()) {
      ADD_FAILURE() << path << ": " << r.status().message();
      return new HolidayCalendar();
    }
    return new HolidayCalendar(std::move(r).value());
  }();
  return *cal;
}

Instant At(std::string_view text) {
  Result<Instant> r = ParseInstant(text);
  if (!r.ok()) {
    ADD_FAILURE() << "ParseInstant(" << text << "): " << r.status().message();
    return Instant{};
  }
  return *r;
}

Date Day(std::string_view text) {
  Result<Date> r = ParseDate(text);
  if (!r.ok()) {
    ADD_FAILURE() << "ParseDate(" << text << "): " << r.status().message();
    return Date{};
  }
  return *r;
}

// 23:59:59 office time of an ISO date: how every date deadline reads.
Instant EndOf(std::string_view date) { return OfficeEndOfDay(Day(date)); }

TimeSpec Must(std::string_view text) {
  Result<TimeSpec> r = ParseTime(text);
  if (!r.ok()) {
    ADD_FAILURE() << "ParseTime(" << text << "): " << r.status().message();
    return TimeSpec{};
  }
  return std::move(r).value();
}

struct Ctx {
  const char* start = "2024-10-01T09:00";
  int fy = 2568;
  const char* previous = nullptr;  // previous window start, ISO date
};

Resolved MustResolve(std::string_view text, Ctx c) {
  TimeContext context;
  context.start = At(c.start);
  context.fiscal_year = FiscalYear{c.fy};
  if (c.previous) context.previous_window_start = Day(c.previous);
  context.holidays = &Holidays();
  Result<Resolved> r = Resolve(Must(text), context);
  if (!r.ok()) {
    ADD_FAILURE() << "Resolve(" << text << "): " << r.status().message();
    return Resolved{};
  }
  return std::move(r).value();
}

std::string Range(const DateRange& r) { return FormatIsoDate(r.first) + ".." + FormatIsoDate(r.last); }

std::string Ranges(const Resolved& r) {
  std::string out;
  for (const DateRange& w : r.windows) out += (out.empty() ? "" : " + ") + Range(w);
  return out;
}

std::string Utc(const std::optional<Instant>& t) { return t ? FormatInstantUtc(*t) : "none"; }

// ---- Parsing ------------------------------------------------------------------------

struct ParseCase {
  const char* text;
  Kind kind;
  const char* formal;  // FormatTimeSpec of the result
};

// Test names show the case's text, not its bytes.
void PrintTo(const ParseCase& c, std::ostream* os) { *os << "'" << c.text << "'"; }

// Every distinct value of procedures §5.2, verbatim (K1-K18; K17 is the blank cell).
const ParseCase kManualCells[] = {
    {"ตลอดปีงบประมาณ", Kind::kFiscalYearEnd, "fiscal-year-end"},                         // K1
    {"ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง", Kind::kRecurrence,
     "throughout the fiscal year, weekly"},                                                // K15
    {"ตลอดปี", Kind::kFiscalYearEnd, "throughout the year"},                              // K2
    {"ตลอดเวลา", Kind::kNone, "none"},                                                    // K3
    {"สิงหาคม", Kind::kWindows, "Aug"},                                                   // K4
    {"กันยายน", Kind::kWindows, "Sep"},
    {"ตุลาคม", Kind::kWindows, "Oct"},
    {"มีนาคม", Kind::kWindows, "Mar"},
    {"พฤศจิกายน", Kind::kWindows, "Nov"},
    {"ตุลาคม-พฤศจิกายน", Kind::kWindows, "Oct-Nov"},                                      // K5
    {"มีนาคม - เมษายน", Kind::kWindows, "Mar-Apr"},
    {"ตุลาคม - กุมภาพันธ์", Kind::kWindows, "Oct-Feb"},
    {"กันยายน-ตุลาคม", Kind::kWindows, "Sep-Oct"},                                        // K6
    {"กันยายน - ตุลาคม", Kind::kWindows, "Sep-Oct"},
    {"ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", Kind::kWindows, "Oct-Feb, Mar-Sep"},         // K7
    {"15 วัน", Kind::kDuration, "P15D"},                                                  // K8
    {"10 วัน", Kind::kDuration, "P10D"},
    {"1 วัน", Kind::kDuration, "P1D"},
    {"1 เดือน", Kind::kDuration, "P1M"},                                                  // K8/K9
    {"2 เดือน", Kind::kDuration, "P2M"},
    {"6 เดือน", Kind::kDuration, "P6M"},
    {"5 นาที", Kind::kDuration, "PT5M"},                                                  // K16
    {"10 นาที", Kind::kDuration, "PT10M"},
    {"2 เดือน ภายในเดือน พฤศจิกายนของปี", Kind::kDurationWithin, "P2M by Nov"},           // K10
    {"2 วัน (พฤษภาคม ของทุกปี)", Kind::kDurationWithin, "P2D in May"},                    // K11
    {"ภายในเดือนธันวาคม ของทุกปี", Kind::kYearlyDeadline, "by Dec every year"},           // K12
    {"ทุก 3/6/9 และ 12 เดือน", Kind::kRecurrence, "fiscal months 3 6 9 12"},              // K13
    {"พฤศจิกายน ทุก 6 เดือน", Kind::kRecurrence, "every 6 months from Nov"},              // K14
    {"หน่วยงานมีแผนพัฒนา ที่สอดคล้องกับ หน่วยงานระดับสูงและ เป็นไปตามความ ต้องการที่มี ประสิทธิภาพ",
     Kind::kOutcomeText,
     "outcome: หน่วยงานมีแผนพัฒนา ที่สอดคล้องกับ หน่วยงานระดับสูงและ เป็นไปตามความ ต้องการที่มี ประสิทธิภาพ"},  // K18
    {"", Kind::kNone, "none"},                                                             // K17
};

// Other spellings an administrator may use, and the formal forms.
const ParseCase kOtherSpellings[] = {
    // Abbreviations, English, spacing, dashes, glue words
    {"ส.ค.", Kind::kWindows, "Aug"},
    {"ส.ค", Kind::kWindows, "Aug"},
    {"ต.ค.-ก.พ.", Kind::kWindows, "Oct-Feb"},
    {"ต.ค. – ก.พ.", Kind::kWindows, "Oct-Feb"},
    {"กันยายน—ตุลาคม", Kind::kWindows, "Sep-Oct"},
    {"กันยายน ถึง ตุลาคม", Kind::kWindows, "Sep-Oct"},
    {"เดือนสิงหาคม", Kind::kWindows, "Aug"},
    {"สิงหาคม ของปี", Kind::kWindows, "Aug"},
    {"พฤษภาคม ของทุกปี", Kind::kWindows, "May"},
    {"August", Kind::kWindows, "Aug"},
    {"aug", Kind::kWindows, "Aug"},
    {"Sept.", Kind::kWindows, "Sep"},
    {"October to February", Kind::kWindows, "Oct-Feb"},
    {"Oct-Feb, Mar-Sep", Kind::kWindows, "Oct-Feb, Mar-Sep"},
    {"ตุลาคม - กุมภาพันธ์, มีนาคม - กันยายน", Kind::kWindows, "Oct-Feb, Mar-Sep"},
    {"ตุลาคม-กุมภาพันธ์มีนาคม-กันยายน", Kind::kWindows, "Oct-Feb, Mar-Sep"},
    {"ตุลาคม - กุมภาพันธ์ และ มีนาคม - กันยายน", Kind::kWindows, "Oct-Feb, Mar-Sep"},
    {"Oct-Feb and Mar-Sep", Kind::kWindows, "Oct-Feb, Mar-Sep"},
    {"ต.ค. - ก.พ. มี.ค.", Kind::kWindows, "Oct-Feb, Mar"},
    {"\xC2\xA0กันยายน\xE2\x80\x8B-\xC2\xA0ตุลาคม ", Kind::kWindows, "Sep-Oct"},  // NBSP, ZWSP
    {"fiscal month 11", Kind::kWindows, "Aug"},
    {"fiscal month 1 - fiscal month 5", Kind::kWindows, "Oct-Feb"},
    {"เดือนที่ 11 ของปีงบประมาณ", Kind::kWindows, "Aug"},
    {"เดือนที่ ๑๒ ของปีงบประมาณ", Kind::kWindows, "Sep"},
    // Durations
    {"15 วันทำการ", Kind::kDuration, "15 working days"},
    {"๑๕ วันทำการ", Kind::kDuration, "15 working days"},
    {"15วันทำการ", Kind::kDuration, "15 working days"},
    {"15 working days", Kind::kDuration, "15 working days"},
    {"1 business day", Kind::kDuration, "1 working day"},
    {"ภายใน 15 วัน", Kind::kDuration, "P15D"},
    {"within 15 days", Kind::kDuration, "P15D"},
    {"1 ปี 6 เดือน", Kind::kDuration, "P1Y6M"},
    {"1 เดือน 15 วัน", Kind::kDuration, "P1M15D"},
    {"2 สัปดาห์", Kind::kDuration, "P14D"},
    {"2 weeks", Kind::kDuration, "P14D"},
    {"2 ชั่วโมง 30 นาที", Kind::kDuration, "PT2H30M"},
    {"90 วินาที", Kind::kDuration, "PT1M30S"},
    {"P1Y2M3DT4H5M6S", Kind::kDuration, "P1Y2M3DT4H5M6S"},
    {"P2W", Kind::kDuration, "P14D"},
    // Deadlines
    {"ภายในเดือนพฤศจิกายน", Kind::kMonthDeadline, "by Nov"},
    {"ภายในเดือน พฤศจิกายน ของปีงบประมาณ", Kind::kMonthDeadline, "by Nov"},
    {"ภายใน ธันวาคม", Kind::kMonthDeadline, "by Dec"},
    {"by November", Kind::kMonthDeadline, "by Nov"},
    {"by the end of November of the fiscal year", Kind::kMonthDeadline, "by Nov"},
    {"ภายในเดือนธันวาคมของทุกปี", Kind::kYearlyDeadline, "by Dec every year"},
    {"ภายในเดือนธันวาคม ทุกปี", Kind::kYearlyDeadline, "by Dec every year"},
    {"by December every year", Kind::kYearlyDeadline, "by Dec every year"},
    {"by end of December each year", Kind::kYearlyDeadline, "by Dec every year"},
    {"P2M by Nov", Kind::kDurationWithin, "P2M by Nov"},
    {"2 months by November", Kind::kDurationWithin, "P2M by Nov"},
    {"2 เดือน ภายในเดือนพฤศจิกายน ของทุกปี", Kind::kDurationWithin, "P2M by Nov every year"},
    {"10 วันทำการ ภายในเดือนตุลาคม", Kind::kDurationWithin, "10 working days by Oct"},
    {"2 วัน (พฤษภาคม)", Kind::kDurationWithin, "P2D in May"},
    {"2 วัน(เดือนพฤษภาคม)", Kind::kDurationWithin, "P2D in May"},
    {"2 วัน ในเดือนพฤษภาคม", Kind::kDurationWithin, "P2D in May"},
    {"2 days in May every year", Kind::kDurationWithin, "P2D in May"},
    {"2 วันทำการ (พฤษภาคม)", Kind::kDurationWithin, "2 working days in May"},
    // Earliest start
    {"ไม่ก่อน 1 กันยายน", Kind::kNotBefore, "not before 1 Sep"},
    {"ไม่ก่อนวันที่ 1 กันยายน", Kind::kNotBefore, "not before 1 Sep"},
    {"ไม่ก่อน ๑ ก.ย.", Kind::kNotBefore, "not before 1 Sep"},
    {"not before September 1", Kind::kNotBefore, "not before 1 Sep"},
    {"not before 1 Sep", Kind::kNotBefore, "not before 1 Sep"},
    // Recurrences
    {"ทุกปี พฤษภาคม", Kind::kRecurrence, "every May"},
    {"ทุกปี ในเดือนพฤษภาคม", Kind::kRecurrence, "every May"},
    {"every May", Kind::kRecurrence, "every May"},
    {"every year in May", Kind::kRecurrence, "every May"},
    {"every 6 months from November", Kind::kRecurrence, "every 6 months from Nov"},
    {"ทุก 6 เดือน ตั้งแต่พฤศจิกายน", Kind::kRecurrence, "every 6 months from Nov"},
    {"ทุก 6 เดือน เริ่มเดือนพฤศจิกายน", Kind::kRecurrence, "every 6 months from Nov"},
    {"พฤศจิกายน ทุก 12 เดือน", Kind::kRecurrence, "every Nov"},
    {"ทุก 3, 6, 9 และ 12 เดือน", Kind::kRecurrence, "fiscal months 3 6 9 12"},
    {"ทุก 3 เดือน", Kind::kRecurrence, "fiscal months 3 6 9 12"},
    {"ทุก 6 เดือน", Kind::kRecurrence, "fiscal months 6 12"},
    {"ทุกเดือน", Kind::kRecurrence, "fiscal months 1 2 3 4 5 6 7 8 9 10 11 12"},
    {"fiscal months 3 6 9 12", Kind::kRecurrence, "fiscal months 3 6 9 12"},
    {"fiscal months 3, 6, 9 and 12", Kind::kRecurrence, "fiscal months 3 6 9 12"},
    {"fiscal months 11", Kind::kRecurrence, "fiscal months 11"},
    {"อย่างน้อยสัปดาห์ละ 1 ครั้ง", Kind::kRecurrence, "weekly"},
    {"สัปดาห์ละ 2 ครั้ง", Kind::kRecurrence, "at least 2 times a week"},
    {"อย่างน้อย 2 ครั้งต่อสัปดาห์", Kind::kRecurrence, "at least 2 times a week"},
    {"ทุกสัปดาห์", Kind::kRecurrence, "weekly"},
    {"weekly", Kind::kRecurrence, "weekly"},
    {"every week", Kind::kRecurrence, "weekly"},
    {"at least once a week", Kind::kRecurrence, "weekly"},
    {"at least 3 times per week", Kind::kRecurrence, "at least 3 times a week"},
    {"fiscal-year-end, weekly", Kind::kRecurrence, "throughout the fiscal year, weekly"},
    {"ตลอดปีงบประมาณ ทุกสัปดาห์", Kind::kRecurrence, "throughout the fiscal year, weekly"},
    {"ทุก 7 วัน", Kind::kRecurrence, "R/P7D"},
    {"every 2 weeks", Kind::kRecurrence, "R/P14D"},
    {"every 2 hours", Kind::kRecurrence, "R/PT2H"},
    {"ทุกวัน", Kind::kRecurrence, "R/P1D"},
    {"R/P7D", Kind::kRecurrence, "R/P7D"},
    {"R/P7D\xC2\xA0", Kind::kRecurrence, "R/P7D"},
    {"R/2025-10-01/P1W", Kind::kRecurrence, "R/2025-09-30T17:00:00Z/P7D"},
    {"R4/2025-10-01T09:00+07:00/P1W", Kind::kRecurrence, "R4/2025-10-01T02:00:00Z/P7D"},
    // Year-long, none, outcome
    {"throughout the fiscal year", Kind::kFiscalYearEnd, "fiscal-year-end"},
    {"throughout the year", Kind::kFiscalYearEnd, "throughout the year"},
    {"None", Kind::kNone, "none"},
    {"ผลลัพธ์: มีแผนพัฒนา", Kind::kOutcomeText, "outcome: มีแผนพัฒนา"},
    {"outcome : a plan that meets the needs", Kind::kOutcomeText, "outcome: a plan that meets the needs"},
};

class ParseTimeAccepts : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseTimeAccepts, KindAndFormalSpelling) {
  const ParseCase& c = GetParam();
  Result<TimeSpec> r = ParseTime(c.text);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->kind, c.kind);
  EXPECT_EQ(FormatTimeSpec(*r), c.formal);
  EXPECT_EQ(r->source, c.text);
  // The formal spelling reads back to the same meaning.
  Result<TimeSpec> again = ParseTime(FormatTimeSpec(*r));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(FormatTimeSpec(*again), c.formal);
  EXPECT_EQ(again->kind, c.kind);
}

INSTANTIATE_TEST_SUITE_P(ManualCells, ParseTimeAccepts, ::testing::ValuesIn(kManualCells));
INSTANTIATE_TEST_SUITE_P(OtherSpellings, ParseTimeAccepts, ::testing::ValuesIn(kOtherSpellings));

TEST(ParseTimeTest, FieldsOfTheManualKinds) {
  TimeSpec k10 = Must("2 เดือน ภายในเดือน พฤศจิกายนของปี");
  EXPECT_EQ(k10.duration.months, 2);
  EXPECT_EQ(k10.month, 11u);
  EXPECT_FALSE(k10.yearly);
  EXPECT_TRUE(k10.windows.empty());

  TimeSpec k11 = Must("2 วัน (พฤษภาคม ของทุกปี)");
  EXPECT_EQ(k11.duration.days, 2);
  ASSERT_EQ(k11.windows.size(), 1u);
  EXPECT_EQ(k11.windows[0], (MonthSpan{5, 5}));

  TimeSpec k7 = Must("ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน");
  EXPECT_EQ(k7.windows, (std::vector<MonthSpan>{{10, 2}, {3, 9}}));

  TimeSpec k13 = Must("ทุก 3/6/9 และ 12 เดือน");
  EXPECT_EQ(k13.recurrence.kind, Recurrence::Kind::kFiscalCheckpoints);
  EXPECT_EQ(k13.recurrence.fiscal_months, (std::vector<unsigned>{3, 6, 9, 12}));

  TimeSpec k14 = Must("พฤศจิกายน ทุก 6 เดือน");
  EXPECT_EQ(k14.recurrence.kind, Recurrence::Kind::kMonths);
  EXPECT_EQ(k14.recurrence.start_month, 11u);
  EXPECT_EQ(k14.recurrence.period_months, 6u);

  TimeSpec k15 = Must("ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง");
  EXPECT_EQ(k15.recurrence.kind, Recurrence::Kind::kWeekly);
  EXPECT_EQ(k15.recurrence.min_per_week, 1u);
  EXPECT_TRUE(k15.recurrence.within_fiscal_year);

  TimeSpec wd = Must("15 วันทำการ");
  EXPECT_EQ(wd.duration.working_days, 15);
  EXPECT_EQ(wd.duration.days, 0);
  EXPECT_TRUE(wd.duration.counts_working_days());

  TimeSpec k18 = Must("หน่วยงานมีแผนพัฒนา ที่สอดคล้องกับ หน่วยงานระดับสูงและ เป็นไปตามความ ต้องการที่มี ประสิทธิภาพ");
  EXPECT_EQ(k18.outcome.substr(0, 18), std::string("หน่วยงานมีแผนพัฒนา").substr(0, 18));
}

struct BadCase {
  const char* text;
  const char* reason;  // a fragment the message must contain
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << "'" << c.text << "'"; }

const BadCase kBadInputs[] = {
    // Month numbers are ambiguous (calendar or fiscal?)
    {"8", "month numbers are not accepted"},
    {"10-2", "month numbers are not accepted"},
    {"10 - 2", "month numbers are not accepted"},
    {"ตุลาคม - 5", "month numbers are not accepted"},
    {"สิงหาคม 2568", "a year ('2568') is not part of a timing"},
    {"เดือนที่ 11", "ของปีงบประมาณ"},
    {"fiscal month 13", "fiscal month 13 does not exist"},
    {"1 กันยายน", "only accepted after 'ไม่ก่อน'"},
    // Words
    {"15 วันทำงานน์", "cannot read 'วันทำงานน์' (for working days write 'วันทำการ'"},
    {"สิงหาคน", "did you mean 'สิงหาคม'?"},
    {"Octobr", "did you mean 'October'?"},
    {"Pending", "cannot read 'Pending'"},
    {"มีแผนพัฒนา", "cannot read 'มีแผนพัฒนา'"},
    {"ภายในวันที่ 30 กันยายน", "is not supported"},
    // Windows
    {"ตุลาคม-", "a month must follow '-'"},
    {"ตุลาคม - ", "a month must follow '-'"},
    {"ตุลาคม –", "a month must follow '–'"},
    {"- กันยายน", "a month must come before '-'"},
    {"-", "a month must come before '-'"},
    {",", "a window must come before ','"},
    {"ตุลาคม,", "a window must follow ','"},
    {"ตุลาคม,,มีนาคม", "an empty window between ',' and ','"},
    {"ตุลาคม, ,มีนาคม", "an empty window between ',' and ','"},
    {"ตุลาคม และ, มีนาคม", "an empty window between 'และ' and ','"},
    {"the", "cannot read 'the'"},
    {"by the", "cannot read 'the'"},
    {"ตุลาคม ตุลาคม", "overlap"},
    {"ตุลาคม - กุมภาพันธ์ มกราคม", "overlap"},
    {"สิงหาคม 15 วัน", "a duration comes before the month"},
    // Durations
    {"15 วัน 2 วันทำการ", "cannot be combined"},
    {"0 วันทำการ", "at least 1"},
    {"15 วัน 3 วัน", "appears twice"},
    {"P1.5D", "fractions"},
    {"1.5 วัน", "fractions"},
    {"1,5 ชั่วโมง", "fractions"},
    {"PT", "'T' must be followed"},
    {"P1H", "before 'T'"},
    {"P99999Y", "1000 years"},
    {"2000 ปี", "1000 years"},
    {"P15D 2 วัน", "cannot be combined"},
    {"15", "has no unit"},
    // Deadlines and combinations
    {"2 เดือน ภายในเดือน", "expected a month name"},
    {"2 วัน (พฤษภาคม", "expected ')'"},
    {"ภายในเดือน 15 วัน", "takes a month"},
    {"ภายในเดือนพฤศจิกายน ของ", "after 'ของ'"},
    {"ตลอดเวลา 15 วัน", "unexpected '15'"},
    {"ตลอดปีงบประมาณ 15 วัน", "weekly rule"},
    {"ไม่ก่อน 29 กุมภาพันธ์", "29 February does not occur every year"},
    {"ไม่ก่อน 31 กันยายน", "has no day 31"},
    {"ไม่ก่อน กันยายน", "expected a day of the month"},
    // Recurrences
    {"ทุกปี", "say in which month"},
    {"ทุก 5 เดือน", "1, 2, 3, 4, 6 or 12"},
    {"พฤศจิกายน ทุก 5 เดือน", "1, 2, 3, 4, 6 or 12"},
    {"ทุก 6/3 เดือน", "increasing order"},
    {"ทุก 3/6/9 และ 13 เดือน", "not a month of the fiscal year"},
    {"ทุก 3/6 วัน", "only counts months"},
    {"ทุก 5 วันทำการ", "not supported"},
    {"ตุลาคม - พฤศจิกายน ทุก 6 เดือน", "exactly one start month"},
    {"สัปดาห์ละ ครั้ง", "how many times a week"},
    {"อย่างน้อย 1 ครั้ง", "per week"},
    {"R0/P7D", "at least 1"},
    {"R/P0D", "longer than zero"},
    {"R/2025-13-01/P1D", "the start is not a date"},
    {"R/7D", "ISO duration"},
    // Outcome text
    {"outcome:", "empty"},
};

class ParseTimeRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseTimeRejects, WithOneLineNamingTheText) {
  const BadCase& c = GetParam();
  Result<TimeSpec> r = ParseTime(c.text);
  ASSERT_FALSE(r.ok()) << c.text << " parsed as " << FormatTimeSpec(*r);
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find("'" + std::string(c.text) + "' is not a time expression: "), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.reason), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

INSTANTIATE_TEST_SUITE_P(Table, ParseTimeRejects, ::testing::ValuesIn(kBadInputs));

TEST(ParseTimeTest, RefusesInvalidUtf8WithoutEchoingIt) {
  Result<TimeSpec> r = ParseTime("15 \xFF\xFE");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "a time expression is not valid UTF-8 text");
}

// A whole paragraph pasted without spaces is one unreadable chunk: no known word is within
// reach of it, so there is no suggestion (and no chunk x word distance table to build).
TEST(ParseTimeTest, LongUnreadableChunkGetsNoSuggestion) {
  std::string text = "Octobr" + std::string(200000, 'x');
  Result<TimeSpec> r = ParseTime(text);
  ASSERT_FALSE(r.ok());
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find("cannot read 'Octobrxxx"), std::string::npos);
  EXPECT_EQ(msg.find("did you mean"), std::string::npos);
}

TEST(MonthNamesTest, FiscalAndCalendarNumberings) {
  const unsigned calendar_of_fiscal[] = {10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  for (unsigned f = 1; f <= 12; ++f) {
    EXPECT_EQ(CalendarMonthOfFiscal(f), calendar_of_fiscal[f - 1]) << f;
    EXPECT_EQ(FiscalMonthOfCalendar(calendar_of_fiscal[f - 1]), f) << f;
  }
  EXPECT_EQ(CeYearOfMonthInFiscalYear(10, FiscalYear{2568}), 2024);
  EXPECT_EQ(CeYearOfMonthInFiscalYear(12, FiscalYear{2568}), 2024);
  EXPECT_EQ(CeYearOfMonthInFiscalYear(1, FiscalYear{2568}), 2025);
  EXPECT_EQ(CeYearOfMonthInFiscalYear(9, FiscalYear{2568}), 2025);
  for (unsigned m = 1; m <= 12; ++m) {
    EXPECT_EQ(MonthFromName(ThaiMonthName(m)), m);
    EXPECT_EQ(MonthFromName(ThaiMonthAbbrev(m)), m);
    EXPECT_EQ(MonthFromName(EnglishMonthAbbrev(m)), m);
  }
  EXPECT_EQ(MonthFromName("SEPTEMBER"), 9u);
  EXPECT_EQ(MonthFromName("สิงหา"), 0u);
}

TEST(MonthNamesTest, ThaiSpellingsAreTheNamesTheirAbbreviationsAndThoseWithoutTheDot) {
  std::set<std::pair<std::string, unsigned>> want;
  for (unsigned m = 1; m <= 12; ++m) {
    std::string abbrev(ThaiMonthAbbrev(m));
    ASSERT_TRUE(abbrev.ends_with('.')) << abbrev;
    want.insert({std::string(ThaiMonthName(m)), m});
    want.insert({abbrev, m});
    want.insert({abbrev.substr(0, abbrev.size() - 1), m});
  }
  std::set<std::pair<std::string, unsigned>> got;
  for (const MonthName& n : ThaiMonthNames()) got.insert({std::string(n.text), n.month});
  EXPECT_EQ(got, want);
  EXPECT_EQ(ThaiMonthNames().size(), want.size());
  EXPECT_EQ(MonthFromName("ส.ค"), 8u);
  EXPECT_EQ(ThaiMonthName(0), "");
  EXPECT_EQ(ThaiMonthAbbrev(13), "");
}

// ---- Resolution: windows and rule 5.4 -------------------------------------------------

struct WindowCase {
  const char* text;
  int fy;
  const char* want;  // "first..last" (+ more windows)
};

TEST(ResolveTest, FirstWindowIsTheEarliestOccurrenceOverlappingTheFiscalYear) {
  const WindowCase cases[] = {
      // FY 2568 = 2024-10-01 .. 2025-09-30
      {"สิงหาคม", 2568, "2025-08-01..2025-08-31"},
      {"กันยายน", 2568, "2025-09-01..2025-09-30"},
      {"ตุลาคม", 2568, "2024-10-01..2024-10-31"},
      {"พฤศจิกายน", 2568, "2024-11-01..2024-11-30"},
      {"มีนาคม", 2568, "2025-03-01..2025-03-31"},
      {"ตุลาคม-พฤศจิกายน", 2568, "2024-10-01..2024-11-30"},
      {"มีนาคม - เมษายน", 2568, "2025-03-01..2025-04-30"},
      {"ตุลาคม - กุมภาพันธ์", 2568, "2024-10-01..2025-02-28"},   // crosses the calendar year
      {"กันยายน-ตุลาคม", 2568, "2024-09-01..2024-10-31"},        // crosses into FY N from N-1
      {"ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", 2568,
       "2024-10-01..2025-02-28 + 2025-03-01..2025-09-30"},
      {"กุมภาพันธ์", 2568, "2025-02-01..2025-02-28"},
      // FY 2569 = 2025-10-01 .. 2026-09-30
      {"สิงหาคม", 2569, "2026-08-01..2026-08-31"},
      {"ตุลาคม", 2569, "2025-10-01..2025-10-31"},
      {"ตุลาคม - กุมภาพันธ์", 2569, "2025-10-01..2026-02-28"},
      {"กันยายน - ตุลาคม", 2569, "2025-09-01..2025-10-31"},
      {"ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", 2569,
       "2025-10-01..2026-02-28 + 2026-03-01..2026-09-30"},
      // FY 2567 has 29 February 2024
      {"กุมภาพันธ์", 2567, "2024-02-01..2024-02-29"},
      {"ตุลาคม - กุมภาพันธ์", 2567, "2023-10-01..2024-02-29"},
      {"fiscal month 5", 2567, "2024-02-01..2024-02-29"},
  };
  for (const WindowCase& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " FY " + std::to_string(c.fy));
    Resolved r = MustResolve(c.text, {.fy = c.fy});
    EXPECT_EQ(Ranges(r), c.want);
    ASSERT_FALSE(r.windows.empty());
    EXPECT_EQ(Utc(r.not_before), Utc(OfficeStartOfDay(r.windows.front().first)));
    EXPECT_EQ(Utc(r.due), Utc(OfficeEndOfDay(r.windows.back().last)));
    ASSERT_TRUE(r.window_start.has_value());
    EXPECT_EQ(FormatIsoDate(*r.window_start), FormatIsoDate(r.windows.front().first));
  }
}

// Resolves a procedure's window steps in order, feeding each window start to the next.
std::vector<std::string> Chain(const std::vector<const char*>& cells, int fy) {
  std::vector<std::string> out;
  std::optional<Date> previous;
  for (const char* cell : cells) {
    TimeContext c;
    c.start = OfficeStartOfDay(FiscalYearStart(FiscalYear{fy}));
    c.fiscal_year = FiscalYear{fy};
    c.previous_window_start = previous;
    c.holidays = &Holidays();
    Result<Resolved> r = Resolve(Must(cell), c);
    if (!r.ok()) {
      ADD_FAILURE() << cell << ": " << r.status().message();
      return out;
    }
    if (r->windows.empty()) {
      ADD_FAILURE() << cell << ": no window";
      return out;
    }
    out.push_back(FormatIsoDate(r->windows.front().first) + ".." + FormatIsoDate(r->windows.back().last));
    if (r->window_start) previous = r->window_start;
  }
  return out;
}

TEST(ResolveTest, Rule54ChainsOfTheManual) {
  struct Case {
    const char* name;
    std::vector<const char*> cells;
    int fy;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"P12/P13", {"กันยายน-ตุลาคม", "ตุลาคม-พฤศจิกายน", "กันยายน"}, 2568,
       {"2024-09-01..2024-10-31", "2024-10-01..2024-11-30", "2025-09-01..2025-09-30"}},
      {"P12/P13", {"กันยายน-ตุลาคม", "ตุลาคม-พฤศจิกายน", "กันยายน"}, 2569,
       {"2025-09-01..2025-10-31", "2025-10-01..2025-11-30", "2026-09-01..2026-09-30"}},
      {"P14", {"ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", "กันยายน - ตุลาคม"}, 2568,
       {"2024-10-01..2025-09-30", "2025-09-01..2025-10-31"}},
      {"P14", {"ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", "กันยายน - ตุลาคม"}, 2569,
       {"2025-10-01..2026-09-30", "2026-09-01..2026-10-31"}},
      {"P15", {"ตุลาคม - กุมภาพันธ์", "มีนาคม", "กันยายน - ตุลาคม", "พฤศจิกายน"}, 2568,
       {"2024-10-01..2025-02-28", "2025-03-01..2025-03-31", "2025-09-01..2025-10-31",
        "2025-11-01..2025-11-30"}},
      {"P15", {"ตุลาคม - กุมภาพันธ์", "มีนาคม", "กันยายน - ตุลาคม", "พฤศจิกายน"}, 2569,
       {"2025-10-01..2026-02-28", "2026-03-01..2026-03-31", "2026-09-01..2026-10-31",
        "2026-11-01..2026-11-30"}},
      {"P15 leap", {"ตุลาคม - กุมภาพันธ์", "มีนาคม"}, 2567,
       {"2023-10-01..2024-02-29", "2024-03-01..2024-03-31"}},
      {"P16", {"มีนาคม - เมษายน", "กันยายน - ตุลาคม"}, 2568,
       {"2025-03-01..2025-04-30", "2025-09-01..2025-10-31"}},
      {"P16", {"มีนาคม - เมษายน", "กันยายน - ตุลาคม"}, 2569,
       {"2026-03-01..2026-04-30", "2026-09-01..2026-10-31"}},
      {"P06", {"สิงหาคม", "กันยายน"}, 2568, {"2025-08-01..2025-08-31", "2025-09-01..2025-09-30"}},
      {"P06", {"สิงหาคม", "กันยายน"}, 2569, {"2026-08-01..2026-08-31", "2026-09-01..2026-09-30"}},
      {"P09", {"ตุลาคม", "ตุลาคม-พฤศจิกายน", "พฤศจิกายน ทุก 6 เดือน"}, 2568,
       {"2024-10-01..2024-10-31", "2024-10-01..2024-11-30", "2024-11-01..2024-11-30"}},
      {"P09", {"ตุลาคม", "ตุลาคม-พฤศจิกายน", "พฤศจิกายน ทุก 6 เดือน"}, 2569,
       {"2025-10-01..2025-10-31", "2025-10-01..2025-11-30", "2025-11-01..2025-11-30"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + " FY " + std::to_string(c.fy));
    EXPECT_EQ(Chain(c.cells, c.fy), c.want);
  }
}

TEST(ResolveTest, NotBeforeOpensOnItsDayByRule54) {
  struct Case {
    const char* previous;
    int fy;
    const char* want;
  };
  const Case cases[] = {
      {nullptr, 2568, "2025-09-01"},
      {nullptr, 2569, "2026-09-01"},
      {"2024-10-01", 2568, "2025-09-01"},
      {"2025-09-01", 2568, "2025-09-01"},  // not before = the same day is fine
      {"2025-09-02", 2568, "2026-09-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.previous ? c.previous : "first");
    Resolved r = MustResolve("ไม่ก่อน 1 กันยายน", {.fy = c.fy, .previous = c.previous});
    EXPECT_EQ(Utc(r.not_before), Utc(OfficeStartOfDay(Day(c.want))));
    EXPECT_FALSE(r.due.has_value());
    ASSERT_TRUE(r.window_start.has_value());
    EXPECT_EQ(FormatIsoDate(*r.window_start), c.want);
  }
}

// ---- Resolution: deadlines and durations ------------------------------------------------

TEST(ResolveTest, DeadlinesAndYearLongTimings) {
  struct Case {
    const char* text;
    const char* start;
    int fy;
    const char* due_date;  // end of that day, office time
  };
  const Case cases[] = {
      {"ตลอดปีงบประมาณ", "2024-10-01T09:00", 2568, "2025-09-30"},
      {"ตลอดปีงบประมาณ", "2025-08-01T09:00", 2569, "2026-09-30"},  // the instance's FY decides
      {"ตลอดปี", "2025-01-15T09:00", 2568, "2025-09-30"},          // fiscal basis by default
      {"ภายในเดือนพฤศจิกายน", "2025-10-05T09:00", 2569, "2025-11-30"},
      {"ภายในเดือนพฤศจิกายน", "2024-10-05T09:00", 2568, "2024-11-30"},
      {"ภายในเดือนกุมภาพันธ์", "2023-10-05T09:00", 2567, "2024-02-29"},
      // K12: the next 31 December on or after the start
      {"ภายในเดือนธันวาคม ของทุกปี", "2025-02-15T09:00", 2568, "2025-12-31"},
      {"ภายในเดือนธันวาคม ของทุกปี", "2025-12-31T20:00", 2569, "2025-12-31"},
      {"ภายในเดือนธันวาคม ของทุกปี", "2026-01-01T08:00", 2569, "2026-12-31"},
      {"ภายในเดือนธันวาคม ของทุกปี", "2024-10-01T09:00", 2568, "2024-12-31"},
      // K13 as a step: the next checkpoint of the fiscal year
      {"ทุก 3/6/9 และ 12 เดือน", "2025-01-15T09:00", 2568, "2025-03-31"},
      {"ทุก 3/6/9 และ 12 เดือน", "2024-09-15T09:00", 2568, "2024-12-31"},  // before the FY
      {"ทุก 3/6/9 และ 12 เดือน", "2025-09-30T09:00", 2568, "2025-09-30"},
      {"ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง", "2025-01-15T09:00", 2568, "2025-09-30"},
      {"weekly", "2025-08-06T10:00", 2568, "2025-08-10"},  // this week's Sunday
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " from " + c.start);
    Resolved r = MustResolve(c.text, {.start = c.start, .fy = c.fy});
    EXPECT_EQ(Utc(r.due), Utc(EndOf(c.due_date)));
    EXPECT_FALSE(r.not_before.has_value());
  }

  TimeContext calendar;
  calendar.start = At("2025-01-15T09:00");
  calendar.fiscal_year = FiscalYear{2568};
  calendar.year_basis = YearBasis::kCalendar;
  Result<Resolved> r = Resolve(Must("ตลอดปี"), calendar);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Utc(r->due), Utc(EndOf("2025-12-31")));
  r = Resolve(Must("ตลอดปีงบประมาณ"), calendar);  // only K2 follows the basis
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Utc(r->due), Utc(EndOf("2025-09-30")));
}

TEST(ResolveTest, NoDeadlineAndOutcomeText) {
  for (const char* text : {"ตลอดเวลา", "", "none",
                           "หน่วยงานมีแผนพัฒนา ที่สอดคล้องกับ หน่วยงานระดับสูงและ เป็นไปตามความ ต้องการที่มี ประสิทธิภาพ"}) {
    SCOPED_TRACE(text);
    Resolved r = MustResolve(text, {});
    EXPECT_FALSE(r.due.has_value());
    EXPECT_FALSE(r.not_before.has_value());
    EXPECT_FALSE(r.window_start.has_value());
  }
}

TEST(ResolveTest, CalendarDurationsRunFromTheStart) {
  struct Case {
    const char* text;
    const char* start;
    const char* want;  // office time
  };
  const Case cases[] = {
      {"15 วัน", "2025-09-20T10:00", "2025-10-05T10:00"},
      {"1 เดือน", "2025-01-31T09:00", "2025-02-28T09:00"},   // clamps
      {"1 เดือน", "2024-01-31T09:00", "2024-02-29T09:00"},   // leap year
      {"2 เดือน", "2024-12-31T09:00", "2025-02-28T09:00"},
      {"6 เดือน", "2024-08-31T09:00", "2025-02-28T09:00"},
      {"1 ปี", "2024-02-29T09:00", "2025-02-28T09:00"},
      {"5 นาที", "2025-08-01T23:58", "2025-08-02T00:03"},
      {"10 นาที", "2025-09-30T23:55", "2025-10-01T00:05"},
      {"1 วัน", "2025-12-31T16:00", "2026-01-01T16:00"},
      {"2 สัปดาห์", "2024-02-20T09:00", "2024-03-05T09:00"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " from " + c.start);
    Resolved r = MustResolve(c.text, {.start = c.start});
    EXPECT_EQ(Utc(r.due), Utc(At(c.want)));
    EXPECT_FALSE(r.window_start.has_value());
  }
}

TEST(ResolveTest, WorkingDaysSkipWeekendsAndHolidays) {
  struct Case {
    const char* text;
    const char* start;
    const char* due_date;
  };
  const Case cases[] = {
      {"1 วันทำการ", "2025-08-04T09:00", "2025-08-05"},   // Monday -> Tuesday
      {"1 วันทำการ", "2025-08-08T16:00", "2025-08-13"},   // Fri; 11 (special), 12 (Mother's day)
      {"3 วันทำการ", "2025-04-10T10:00", "2025-04-18"},   // over Songkran 13-16 April
      {"1 วันทำการ", "2025-04-11T10:00", "2025-04-17"},
      {"1 วันทำการ", "2025-04-12T10:00", "2025-04-17"},   // a Saturday start
      {"15 วันทำการ", "2025-04-10T10:00", "2025-05-07"},  // and 5 May (Coronation substitution)
      {"2 วันทำการ", "2024-04-05T10:00", "2024-04-10"},   // 8 April 2024: Chakri substitution
      {"1 วันทำการ", "2025-12-30T10:00", "2026-01-05"},   // New Year, 2 Jan special, weekend
      {"1 วันทำการ", "2025-05-30T10:00", "2025-06-04"},   // 2 June special, 3 June Queen
      {"15 working days", "2024-10-01T09:00", "2024-10-24"},  // 14 (substitution) and 23 October
      {"5 วันทำการ", "2023-12-28T09:00", "2024-01-08"},   // 29 Dec 2023, 1 Jan 2024; not 2 Jan
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " from " + c.start);
    Resolved r = MustResolve(c.text, {.start = c.start});
    EXPECT_EQ(Utc(r.due), Utc(EndOf(c.due_date)));
    EXPECT_FALSE(r.holidays_unknown);
  }

  // Beyond the file's coverage only weekends are known, and Resolve says so.
  Resolved late = MustResolve("15 วันทำการ", {.start = "2026-12-20T09:00", .fy = 2570});
  EXPECT_TRUE(late.holidays_unknown);

  TimeContext none;
  none.start = At("2025-08-04T09:00");
  none.fiscal_year = FiscalYear{2568};
  Result<Resolved> r = Resolve(Must("15 วันทำการ"), none);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no holiday calendar"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("'15 วันทำการ'"), std::string::npos) << r.status().message();
}

// K10: a duration that must also end by the end of a month of the fiscal year.
TEST(ResolveTest, DurationWithADeadlineMonthAndItsInfeasibility) {
  struct Case {
    const char* text;
    const char* start;
    int fy;
    const char* due;  // office time
    bool infeasible;
    const char* latest_start;  // office time
  };
  const char* k10 = "2 เดือน ภายในเดือน พฤศจิกายนของปี";
  const Case cases[] = {
      {k10, "2024-08-01T09:00", 2568, "2024-10-01T09:00", false, "2024-09-30T23:59:59"},
      {k10, "2024-09-30T09:00", 2568, "2024-11-30T09:00", false, "2024-09-30T23:59:59"},
      {k10, "2024-10-01T09:00", 2568, "2024-11-30T23:59:59", true, "2024-09-30T23:59:59"},
      {k10, "2024-12-15T09:00", 2568, "2024-11-30T23:59:59", true, "2024-09-30T23:59:59"},
      {k10, "2025-09-15T09:00", 2569, "2025-11-15T09:00", false, "2025-09-30T23:59:59"},
      {"2 เดือน ภายในเดือนพฤศจิกายน ของทุกปี", "2024-12-15T09:00", 2568, "2025-02-15T09:00", false,
       "2025-09-30T23:59:59"},
      // Working days: 23 October 2025 is a holiday.
      {"10 วันทำการ ภายในเดือนตุลาคม", "2025-10-16T10:00", 2569, "2025-10-31T23:59:59", false,
       "2025-10-16T23:59:59"},
      {"10 วันทำการ ภายในเดือนตุลาคม", "2025-10-17T08:00", 2569, "2025-10-31T23:59:59", true,
       "2025-10-16T23:59:59"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " from " + c.start);
    Resolved r = MustResolve(c.text, {.start = c.start, .fy = c.fy});
    EXPECT_EQ(Utc(r.due), Utc(At(c.due)));
    EXPECT_EQ(r.infeasible, c.infeasible);
    EXPECT_EQ(Utc(r.latest_start), Utc(At(c.latest_start)));
    EXPECT_FALSE(r.not_before.has_value());
  }
}

// K11: a duration inside a yearly month; the step waits for the month to open.
TEST(ResolveTest, DurationInsideAYearlyMonth) {
  struct Case {
    const char* text;
    const char* start;
    int fy;
    const char* not_before;  // office date
    const char* due;         // office time
    bool infeasible;
  };
  const char* k11 = "2 วัน (พฤษภาคม ของทุกปี)";
  const Case cases[] = {
      {k11, "2024-10-01T09:00", 2568, "2025-05-01", "2025-05-02T23:59:59", false},
      {k11, "2025-05-10T09:00", 2568, "2025-05-01", "2025-05-12T09:00", false},
      {k11, "2025-05-31T12:00", 2568, "2025-05-01", "2025-05-31T23:59:59", true},
      {k11, "2025-10-01T09:00", 2569, "2026-05-01", "2026-05-02T23:59:59", false},
      // Working days from the day the window opens: 1 May 2025 is a working day
      // (Labour Day is not a government holiday); in 2026, 4 May is Coronation Day.
      {"2 วันทำการ (พฤษภาคม)", "2024-10-01T09:00", 2568, "2025-05-01", "2025-05-02T23:59:59", false},
      {"2 วันทำการ (พฤษภาคม)", "2025-10-01T09:00", 2569, "2026-05-01", "2026-05-05T23:59:59", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " from " + c.start);
    Resolved r = MustResolve(c.text, {.start = c.start, .fy = c.fy});
    EXPECT_EQ(Utc(r.not_before), Utc(OfficeStartOfDay(Day(c.not_before))));
    EXPECT_EQ(Utc(r.due), Utc(At(c.due)));
    EXPECT_EQ(r.infeasible, c.infeasible);
    ASSERT_TRUE(r.window_start.has_value());
    EXPECT_EQ(FormatIsoDate(*r.window_start), c.not_before);
  }
}

// ---- Recurrences ----------------------------------------------------------------------

TEST(NextOccurrenceTest, CalendarAnchoredSeries) {
  struct Case {
    const char* text;
    const char* after;  // office time
    const char* want;   // office time, or "none"
  };
  const Case cases[] = {
      // K14: 1 November and 1 May
      {"พฤศจิกายน ทุก 6 เดือน", "2024-10-15T09:00", "2024-11-01T00:00"},
      {"พฤศจิกายน ทุก 6 เดือน", "2024-10-31T23:59:59", "2024-11-01T00:00"},
      {"พฤศจิกายน ทุก 6 เดือน", "2024-11-01T00:00", "2025-05-01T00:00"},  // strictly after
      {"พฤศจิกายน ทุก 6 เดือน", "2024-11-20T09:00", "2025-05-01T00:00"},
      {"พฤศจิกายน ทุก 6 เดือน", "2025-05-20T09:00", "2025-11-01T00:00"},
      {"พฤศจิกายน ทุก 6 เดือน", "2025-12-31T23:00", "2026-05-01T00:00"},
      // Yearly
      {"ทุกปี พฤษภาคม", "2025-05-01T00:00", "2026-05-01T00:00"},
      {"every May", "2025-04-30T23:00", "2025-05-01T00:00"},
      // K13: the last day of fiscal months 3, 6, 9, 12
      {"ทุก 3/6/9 และ 12 เดือน", "2024-10-01T09:00", "2024-12-31T00:00"},
      {"ทุก 3/6/9 และ 12 เดือน", "2024-12-31T00:00", "2025-03-31T00:00"},
      {"ทุก 3/6/9 และ 12 เดือน", "2025-04-01T09:00", "2025-06-30T00:00"},
      {"ทุก 3/6/9 และ 12 เดือน", "2025-07-01T09:00", "2025-09-30T00:00"},
      {"ทุก 3/6/9 และ 12 เดือน", "2025-09-30T12:00", "2025-12-31T00:00"},
      {"fiscal months 5", "2023-03-01T00:00", "2024-02-29T00:00"},  // leap February
      // Weekly: Mondays
      {"weekly", "2025-08-06T10:00", "2025-08-11T00:00"},
      {"weekly", "2025-08-11T00:00", "2025-08-18T00:00"},
      {"weekly", "2025-08-10T23:59:59", "2025-08-11T00:00"},
      // Intervals
      {"R/P7D", "2025-08-06T10:00", "2025-08-13T10:00"},
      {"ทุก 2 ชั่วโมง", "2025-08-06T23:00", "2025-08-07T01:00"},
      {"R4/2025-10-01/P1W", "2025-09-01T00:00", "2025-10-01T00:00"},
      {"R4/2025-10-01/P1W", "2025-10-01T00:00", "2025-10-08T00:00"},
      {"R4/2025-10-01/P1W", "2025-10-20T00:00", "2025-10-22T00:00"},
      {"R4/2025-10-01/P1W", "2025-10-22T00:00", "none"},  // four occurrences only
      {"R/2024-01-31/P1M", "2024-02-01T00:00", "2024-02-29T00:00"},  // from the anchor: no drift
      {"R/2024-01-31/P1M", "2024-02-29T00:00", "2024-03-31T00:00"},
      {"R/2024-01-31/P1M", "2030-06-15T00:00", "2030-06-30T00:00"},
      // Not recurrences
      {"สิงหาคม", "2025-01-01T00:00", "none"},
      {"15 วัน", "2025-01-01T00:00", "none"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " after " + c.after);
    std::optional<Instant> next = NextOccurrence(Must(c.text), At(c.after));
    EXPECT_EQ(Utc(next), std::string(c.want) == "none" ? "none" : FormatInstantUtc(At(c.want)));
  }
}

TEST(NextOccurrenceTest, StopsAtTheBound) {
  TimeSpec k15 = Must("ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง");
  Instant fy_end = OfficeEndOfDay(FiscalYearEnd(FiscalYear{2568}));
  EXPECT_EQ(Utc(NextOccurrence(k15, At("2025-09-20T09:00"), fy_end)), FormatInstantUtc(At("2025-09-22T00:00")));
  EXPECT_FALSE(NextOccurrence(k15, At("2025-09-29T09:00"), fy_end).has_value());  // next Monday is FY 2569
  TimeSpec k13 = Must("ทุก 3/6/9 และ 12 เดือน");
  EXPECT_EQ(Utc(NextOccurrence(k13, At("2025-07-01T00:00"), fy_end)), FormatInstantUtc(At("2025-09-30T00:00")));
  EXPECT_FALSE(NextOccurrence(k13, At("2025-09-30T12:00"), fy_end).has_value());
}

TEST(ResolveTest, RecurrencesAsAStepTiming) {
  // K14 in a chain: the earliest month of the series not before the previous window.
  Resolved first = MustResolve("พฤศจิกายน ทุก 6 เดือน", {.fy = 2568});
  EXPECT_EQ(Ranges(first), "2024-11-01..2024-11-30");
  Resolved later = MustResolve("พฤศจิกายน ทุก 6 เดือน", {.fy = 2568, .previous = "2025-01-01"});
  EXPECT_EQ(Ranges(later), "2025-05-01..2025-05-31");
  Resolved yearly = MustResolve("ทุกปี พฤษภาคม", {.fy = 2569});
  EXPECT_EQ(Ranges(yearly), "2026-05-01..2026-05-31");
  Resolved interval = MustResolve("R/P7D", {.start = "2025-08-06T10:00"});
  EXPECT_EQ(Utc(interval.due), FormatInstantUtc(At("2025-08-13T10:00")));
}

// ---- Descriptions for people --------------------------------------------------------

TEST(DescribeResolvedTest, ThaiText) {
  struct Case {
    const char* text;
    Ctx ctx;
    const char* want;
  };
  const Case cases[] = {
      {"ตลอดปีงบประมาณ", {.fy = 2568}, "ภายใน 30 ก.ย. 2568"},
      {"สิงหาคม", {.fy = 2568}, "ส.ค. 2568"},
      {"กันยายน-ตุลาคม", {.fy = 2568}, "ก.ย. – ต.ค. 2567"},
      {"ตุลาคม - กุมภาพันธ์", {.fy = 2568}, "ต.ค. 2567 – ก.พ. 2568"},
      {"ตุลาคม - กุมภาพันธ์ มีนาคม - กันยายน", {.fy = 2568}, "ต.ค. 2567 – ก.พ. 2568 และ มี.ค. – ก.ย. 2568"},
      {"15 วันทำการ", {.start = "2025-04-10T10:00"}, "15 วันทำการ (ภายใน 7 พ.ค. 2568)"},
      {"5 นาที", {.start = "2025-08-01T09:00"}, "5 นาที (ภายใน 1 ส.ค. 2568 09:05)"},
      {"1 ปี 6 เดือน", {.start = "2025-08-01T09:00"}, "1 ปี 6 เดือน (ภายใน 1 ก.พ. 2570 09:00)"},
      {"2 เดือน ภายในเดือน พฤศจิกายนของปี", {.start = "2024-10-01T09:00"},
       "2 เดือน ภายใน 30 พ.ย. 2567 (เวลาไม่พอ: ต้องเริ่มไม่เกิน 30 ก.ย. 2567)"},
      {"2 เดือน ภายในเดือน พฤศจิกายนของปี", {.start = "2024-08-01T09:00"},
       "2 เดือน ภายใน 1 ต.ค. 2567 09:00 (เริ่มไม่เกิน 30 ก.ย. 2567)"},
      {"2 วัน (พฤษภาคม ของทุกปี)", {.fy = 2568},
       "2 วัน ในช่วง พ.ค. 2568 (ภายใน 2 พ.ค. 2568) (เริ่มไม่เกิน 29 พ.ค. 2568)"},
      {"ภายในเดือนธันวาคม ของทุกปี", {.start = "2025-02-15T09:00"}, "ภายใน 31 ธ.ค. 2568"},
      {"ไม่ก่อน 1 กันยายน", {.fy = 2568}, "ไม่ก่อน 1 ก.ย. 2568"},
      {"พฤศจิกายน ทุก 6 เดือน", {.fy = 2568}, "พ.ย. 2567 (ทุก 6 เดือน)"},
      {"ทุก 3/6/9 และ 12 เดือน", {.start = "2025-01-15T09:00"},
       "ภายใน 31 มี.ค. 2568 (สิ้นเดือนที่ 3, 6, 9, 12 ของปีงบประมาณ)"},
      {"ตลอดปีงบประมาณ อย่างน้อยสัปดาห์ละ 1 ครั้ง", {.fy = 2568}, "อย่างน้อยสัปดาห์ละ 1 ครั้ง ถึง 30 ก.ย. 2568"},
      {"ตลอดเวลา", {}, "ไม่มีกำหนดเวลา"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(DescribeResolved(Must(c.text), MustResolve(c.text, c.ctx)), c.want);
  }
  EXPECT_EQ(DescribeDuration(Duration{}), "0 วัน");
  EXPECT_EQ(DescribeDuration(Duration{.seconds = 3 * 3600 + 5 * 60}), "3 ชั่วโมง 5 นาที");
}

}  // namespace
}  // namespace krabuan
