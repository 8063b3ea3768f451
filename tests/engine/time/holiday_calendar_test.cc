// The holiday calendar: the bundled file loads and validates against its schema, working
// days skip weekends and holidays, and a bad file reports every problem with its place.
#include "engine/parse/holidays_parser.h"
#include "engine/time/holiday_calendar.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/time/fiscal_year.h"

namespace krabuan {
namespace {

std::string SourceDir() {
#ifdef KRABUAN_SOURCE_DIR
  return KRABUAN_SOURCE_DIR;
#else
  std::string file = __FILE__;
  std::size_t pos = file.rfind("/tests/engine/time/");
  return pos == std::string::npos ? "." : file.substr(0, pos);
#endif
}

const std::string kFile = "/processes/calendar/holidays.xml";
const std::string kSchema = "/processes/krabuan-holidays.xsd";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Date Day(std::string_view text) {
  Result<Date> r = ParseDate(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Date{};
}

HolidayCalendar Bundled() {
  Result<HolidayCalendar> r = ParseHolidays(ReadFile(SourceDir() + kFile), "holidays.xml");
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : HolidayCalendar();
}

TEST(HolidayCalendarTest, TheBundledFileLoadsAndCoversFiscalYears2567To2569) {
  HolidayCalendar cal = Bundled();
  EXPECT_GE(cal.size(), 70u);
  ASSERT_TRUE(cal.has_coverage());
  for (int be : {2567, 2568, 2569}) {
    SCOPED_TRACE(be);
    EXPECT_TRUE(cal.Covers(FiscalYearStart(FiscalYear{be})));
    EXPECT_TRUE(cal.Covers(FiscalYearEnd(FiscalYear{be})));
  }
  EXPECT_FALSE(cal.Covers(Day("2027-01-01")));

  struct Case {
    const char* date;
    const char* name;  // empty: a working day
  };
  const Case cases[] = {
      {"2025-01-01", "วันขึ้นปีใหม่"},
      {"2025-02-12", "วันมาฆบูชา"},
      {"2025-04-14", "วันสงกรานต์"},
      {"2025-04-16", "ชดเชยวันสงกรานต์"},
      {"2025-05-05", "ชดเชยวันฉัตรมงคล"},
      {"2025-05-09", "วันพืชมงคล"},
      {"2025-06-02", "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ"},
      {"2025-07-10", "วันอาสาฬหบูชา"},
      {"2025-07-11", "วันเข้าพรรษา"},
      {"2025-07-28", "วันเฉลิมพระชนมพรรษา พระบาทสมเด็จพระเจ้าอยู่หัว"},
      {"2025-08-12", "วันแม่แห่งชาติ"},
      {"2025-10-13", "วันนวมินทรมหาราช"},
      {"2025-10-23", "วันปิยมหาราช"},
      {"2025-12-05", "วันชาติ และวันพ่อแห่งชาติ"},
      {"2025-12-10", "วันรัฐธรรมนูญ"},
      {"2025-12-31", "วันสิ้นปี"},
      {"2024-06-03", "วันเฉลิมพระชนมพรรษา สมเด็จพระนางเจ้าฯ พระบรมราชินี"},
      {"2026-03-03", "วันมาฆบูชา"},
      {"2026-06-01", "ชดเชยวันวิสาขบูชา"},
      {"2026-12-07", "ชดเชยวันชาติ และวันพ่อแห่งชาติ"},
      {"2025-05-01", ""},  // Labour Day: not a government holiday
      {"2024-01-02", ""},  // moved to 29 December 2023
      {"2025-05-07", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.date);
    Date d = Day(c.date);
    EXPECT_EQ(cal.HolidayName(d), c.name);
    EXPECT_EQ(cal.IsHoliday(d), std::string(c.name) != "");
  }
}

TEST(HolidayCalendarTest, SubstitutionDaysFallOnWeekdays) {
  // A substitution day replaces a holiday that fell on a weekend: it must itself be a
  // weekday, or the file has a typo.
  HolidayCalendar cal = Bundled();
  for (std::chrono::sys_days d{Day("2023-10-01")}; d <= std::chrono::sys_days{Day("2026-12-31")};
       d += std::chrono::days{1}) {
    std::string_view name = cal.HolidayName(Date{d});
    if (!name.starts_with("ชดเชย")) continue;
    SCOPED_TRACE(FormatIsoDate(Date{d}));
    unsigned wd = std::chrono::weekday{d}.iso_encoding();
    EXPECT_LE(wd, 5u);
  }
}

TEST(HolidayCalendarTest, WeekendsAndHolidaysAreNotWorkingDays) {
  HolidayCalendar cal;
  cal.Add(Day("2025-04-14"), "วันสงกรานต์");
  EXPECT_FALSE(cal.IsWorkingDay(Day("2025-04-12")));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(Day("2025-04-13")));  // Sunday
  EXPECT_FALSE(cal.IsWorkingDay(Day("2025-04-14")));  // holiday
  EXPECT_TRUE(cal.IsWorkingDay(Day("2025-04-15")));   // not listed in this calendar
  EXPECT_FALSE(cal.Covers(Day("2025-04-15")));         // no coverage declared

  struct Case {
    const char* from;
    int n;
    const char* want;
  };
  const Case cases[] = {
      {"2025-04-10", 0, "2025-04-10"}, {"2025-04-10", 1, "2025-04-11"},
      {"2025-04-10", 2, "2025-04-15"}, {"2025-04-11", 1, "2025-04-15"},
      {"2025-04-12", 1, "2025-04-15"}, {"2025-04-14", 1, "2025-04-15"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " + " + std::to_string(c.n));
    EXPECT_EQ(FormatIsoDate(cal.AddWorkingDays(Day(c.from), c.n)), c.want);
  }
}

TEST(HolidayCalendarTest, LatestStartIsTheExactInverseOfAddWorkingDays) {
  HolidayCalendar cal = Bundled();
  for (std::chrono::sys_days last{Day("2025-03-25")}; last <= std::chrono::sys_days{Day("2025-06-10")};
       last += std::chrono::days{1}) {
    for (int n : {1, 2, 5, 15}) {
      Date s = cal.LatestStartFor(Date{last}, n);
      SCOPED_TRACE(FormatIsoDate(Date{last}) + " n=" + std::to_string(n) + " s=" + FormatIsoDate(s));
      EXPECT_LE(std::chrono::sys_days{cal.AddWorkingDays(s, n)}, last);
      Date after{std::chrono::sys_days{s} + std::chrono::days{1}};
      EXPECT_GT(std::chrono::sys_days{cal.AddWorkingDays(after, n)}, last);
    }
  }
}

TEST(HolidayCalendarTest, BadFilesReportEveryProblemWithItsPlace) {
  struct Case {
    const char* name;
    const char* xml;
    std::vector<const char*> expected;  // substrings, one per problem, in order
  };
  const Case cases[] = {
      {"not_xml", "<holidays from=\"2025-01-01\" to=\"2025-12-31\">\n  <holiday>\n",
       {"h.xml:2:12: malformed XML"}},
      {"wrong_root", "<calendar/>", {"h.xml:1:1: the root element must be <holidays>"}},
      {"range",
       "<holidays from=\"2025-12-31\" to=\"2025-01-01\"/>",
       {"h.xml:1:29: 'to' (2025-01-01) is before 'from' (2025-12-31)"}},
      {"missing_range", "<holidays/>",
       {"h.xml:1:1: missing attribute 'from'", "h.xml:1:1: missing attribute 'to'"}},
      {"holiday_problems",
       "<holidays from=\"2025-01-01\" to=\"2025-12-31\">\n"
       "  <holiday date=\"2025-02-30\" name=\"x\"/>\n"
       "  <holiday date=\"2025-04-13\" name=\"\" kind=\"lunar\" when=\"x\"/>\n"
       "  <holiday date=\"2026-01-01\" name=\"วันขึ้นปีใหม่\"/>\n"
       "  <holiday date=\"2025-04-14\" name=\"วันสงกรานต์\"/>\n"
       "  <holiday date=\"2025-04-14\" name=\" วันสงกรานต์\"/>\n"
       "  <day date=\"2025-05-01\"/>\n"
       "  <holiday name=\"x\">text</holiday>\n"
       "</holidays>\n",
       {"h.xml:2:12: '2025-02-30' is not a date: 2025-02 has no day 30",
        "h.xml:3:51: unknown attribute 'when' on <holiday>",
        "h.xml:3:30: the name is empty (holiday '2025-04-13')",
        "h.xml:3:38: unknown kind 'lunar'",
        "h.xml:4:12: the date is outside the file's range 2025-01-01..2025-12-31",
        "h.xml:6:30: the name starts or ends with a space",
        "h.xml:6:3: duplicate date (first listed at h.xml:5:3)",
        "h.xml:7:3: unknown element <day> (expected <holiday>)",
        "h.xml:8:21: <holiday> has no content",
        "h.xml:8:3: missing attribute 'date'"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<HolidayCalendar> r = ParseHolidays(c.xml, "h.xml");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
    std::vector<std::string> lines = r.status().lines();
    std::string all;
    for (const std::string& l : lines) all += l + "\n";
    ASSERT_EQ(lines.size(), c.expected.size()) << all;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_NE(lines[i].find(c.expected[i]), std::string::npos) << "expected '" << c.expected[i] << "' in\n" << all;
    }
  }
}

int RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  while (fread(buffer, 1, sizeof buffer, pipe) > 0) {
  }
  return pclose(pipe);
}

TEST(HolidayCalendarTest, TheBundledFileValidatesAgainstItsSchema) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) GTEST_SKIP() << "xmllint is not installed";
  std::string dir = SourceDir();
  EXPECT_EQ(RunCommand("xmllint --noout --schema '" + dir + kSchema + "' '" + dir + kFile + "'"), 0);

  // The control above passes; a duplicate date must fail, so the schema is not lenient.
  char path[] = "/tmp/krabuan-holidays-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string bad =
      "<holidays from=\"2025-01-01\" to=\"2025-12-31\">"
      "<holiday date=\"2025-01-01\" name=\"a\"/><holiday date=\"2025-01-01\" name=\"b\"/></holidays>";
  ASSERT_EQ(write(fd, bad.data(), bad.size()), static_cast<ssize_t>(bad.size()));
  close(fd);
  EXPECT_NE(RunCommand("xmllint --noout --schema '" + dir + kSchema + "' " + path), 0);
  std::remove(path);
}

}  // namespace
}  // namespace krabuan
