#include "engine/time/month_names.h"

#include <array>

#include "engine/text/ascii.h"

namespace krabuan {

namespace {

constexpr std::array<MonthName, 36> kThai = {{
    {"มกราคม", 1},     {"กุมภาพันธ์", 2}, {"มีนาคม", 3},   {"เมษายน", 4},
    {"พฤษภาคม", 5},   {"มิถุนายน", 6},   {"กรกฎาคม", 7},  {"สิงหาคม", 8},
    {"กันยายน", 9},    {"ตุลาคม", 10},    {"พฤศจิกายน", 11}, {"ธันวาคม", 12},
    {"ม.ค.", 1},       {"ก.พ.", 2},       {"มี.ค.", 3},     {"เม.ย.", 4},
    {"พ.ค.", 5},       {"มิ.ย.", 6},      {"ก.ค.", 7},      {"ส.ค.", 8},
    {"ก.ย.", 9},       {"ต.ค.", 10},      {"พ.ย.", 11},     {"ธ.ค.", 12},
    // The final dot is often dropped when typing.
    {"ม.ค", 1},        {"ก.พ", 2},        {"มี.ค", 3},      {"เม.ย", 4},
    {"พ.ค", 5},        {"มิ.ย", 6},       {"ก.ค", 7},       {"ส.ค", 8},
    {"ก.ย", 9},        {"ต.ค", 10},       {"พ.ย", 11},      {"ธ.ค", 12},
}};

constexpr std::array<MonthName, 24> kEnglish = {{
    {"january", 1}, {"february", 2}, {"march", 3},     {"april", 4},
    {"may", 5},     {"june", 6},     {"july", 7},      {"august", 8},
    {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    // "May" is its own abbreviation.
    {"jan", 1},     {"feb", 2},      {"mar", 3},       {"apr", 4},
    {"jun", 6},     {"jul", 7},      {"aug", 8},       {"sep", 9},
    {"sept", 9},    {"oct", 10},     {"nov", 11},      {"dec", 12},
}};

constexpr std::array<std::string_view, 12> kEnglishAbbrev = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The fiscal year starts in October.
constexpr unsigned kFirstFiscalMonth = 10;

}  // namespace

std::span<const MonthName> ThaiMonthNames() { return kThai; }

std::span<const MonthName> EnglishMonthNames() { return kEnglish; }

unsigned MonthFromName(std::string_view word) {
  for (const MonthName& m : kThai) {
    if (word == m.text) return m.month;
  }
  for (const MonthName& m : kEnglish) {
    if (EqualsIgnoreCase(word, m.text)) return m.month;
  }
  return 0;
}

std::string_view EnglishMonthAbbrev(unsigned month) {
  return month >= 1 && month <= 12 ? kEnglishAbbrev[month - 1] : std::string_view();
}

unsigned CalendarMonthOfFiscal(unsigned fiscal_month) {
  return (fiscal_month + kFirstFiscalMonth - 2) % 12 + 1;
}

unsigned FiscalMonthOfCalendar(unsigned calendar_month) {
  return (calendar_month + 12 - kFirstFiscalMonth) % 12 + 1;
}

int CeYearOfMonthInFiscalYear(unsigned calendar_month, FiscalYear fy) {
  int ce_end = fy.be - kBuddhistEraOffset;
  return calendar_month >= kFirstFiscalMonth ? ce_end - 1 : ce_end;
}

}  // namespace krabuan
