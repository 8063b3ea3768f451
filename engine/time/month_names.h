// Month names as administrators copy them from the manual, and the two month numberings.
//
// Two numberings exist and must never be mixed up (procedures §5.1):
//   calendar month  1 = January … 12 = December      (what MonthSpan and Date use)
//   fiscal month    1 = October … 12 = September     (m1..m12 of the Thai fiscal year)
// August is calendar month 8 but fiscal month 11. Every function here says which it takes.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "engine/time/fiscal_year.h"

namespace krabuan {

// One spelling of a month and the calendar month (1..12) it names.
struct MonthName {
  std::string_view text;
  unsigned month;
};

// Every Thai spelling: full names (ตุลาคม) and abbreviations with and without the final
// dot (ต.ค., ต.ค). Thai has no case; these match byte for byte.
std::span<const MonthName> ThaiMonthNames();

// Every English spelling, lower case: full names, three-letter abbreviations and "sept".
// Compare with EqualsIgnoreCase.
std::span<const MonthName> EnglishMonthNames();

// Full Thai month name, e.g. 8 -> "สิงหาคม"; abbreviated, e.g. 8 -> "ส.ค.".
// REQUIRES: 1 <= month <= 12.
std::string_view ThaiMonthName(unsigned month);
std::string_view ThaiMonthAbbrev(unsigned month);

// The calendar month named by a whole word (Thai or English, English without case), or 0.
unsigned MonthFromName(std::string_view word);

// "Aug". REQUIRES: 1 <= month <= 12.
std::string_view EnglishMonthAbbrev(unsigned month);

// Fiscal month (1 = October) -> calendar month, and back. REQUIRES: argument in 1..12.
unsigned CalendarMonthOfFiscal(unsigned fiscal_month);
unsigned FiscalMonthOfCalendar(unsigned calendar_month);

// The CE year in which calendar month `calendar_month` falls within fiscal year fy:
// October..December belong to the CE year before the one the fiscal year ends in.
int CeYearOfMonthInFiscalYear(unsigned calendar_month, FiscalYear fy);

}  // namespace krabuan
