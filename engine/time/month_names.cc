#include "engine/time/month_names.h"

#include <array>

#include "engine/text/ascii.h"

namespace krabuan {

namespace {

// The one table of Thai month names, calendar month 1 (January) first: full names and
// abbreviations as the manual writes them. Everything Thai about months reads from here.
constexpr std::array<std::string_view, 12> kThaiFull = {
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<std::string_view, 12> kThaiAbbrev = {
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};

// Every spelling a reader accepts: the full names, the abbreviations, then the
// abbreviations without their final dot, which is often dropped when typing.
constexpr std::array<MonthName, 36> kThai = [] {
  std::array<MonthName, 36> out{};
  for (unsigned m = 1; m <= 12; ++m) {
    std::string_view abbrev = kThaiAbbrev[m - 1];
    out[m - 1] = {kThaiFull[m - 1], m};
    out[12 + m - 1] = {abbrev, m};
    out[24 + m - 1] = {abbrev.substr(0, abbrev.size() - 1), m};
  }
  return out;
}();

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

std::string_view ThaiMonthName(unsigned month) {
  return month >= 1 && month <= 12 ? kThaiFull[month - 1] : std::string_view();
}

std::string_view ThaiMonthAbbrev(unsigned month) {
  return month >= 1 && month <= 12 ? kThaiAbbrev[month - 1] : std::string_view();
}

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
