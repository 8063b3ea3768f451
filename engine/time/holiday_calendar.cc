#include "engine/time/holiday_calendar.h"

#include <chrono>

#include "engine/text/ascii.h"

namespace krabuan {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

long long Key(Date d) { return sys_days(d).time_since_epoch().count(); }

bool IsWeekend(Date d) {
  std::chrono::weekday wd{sys_days(d)};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace

void HolidayCalendar::Add(Date d, std::string name) { days_[Key(d)] = std::move(name); }

void HolidayCalendar::SetCoverage(Date from, Date to) {
  has_coverage_ = true;
  from_ = from;
  to_ = to;
}

bool HolidayCalendar::IsHoliday(Date d) const { return days_.count(Key(d)) > 0; }

std::string_view HolidayCalendar::HolidayName(Date d) const {
  auto it = days_.find(Key(d));
  return it == days_.end() ? std::string_view() : std::string_view(it->second);
}

bool HolidayCalendar::IsWorkingDay(Date d) const { return !IsWeekend(d) && !IsHoliday(d); }

Date HolidayCalendar::AddWorkingDays(Date from, int n) const {
  sys_days day{from};
  for (int counted = 0; counted < n;) {
    day += days{1};
    if (IsWorkingDay(Date{day})) ++counted;
  }
  return Date{day};
}

Date HolidayCalendar::LatestStartFor(Date last, int n) const {
  // Walk back to the n-th working day on or before `last`; a start the day before it
  // still leaves n working days.
  sys_days day{last};
  int counted = 0;
  while (true) {
    if (IsWorkingDay(Date{day}) && ++counted == n) break;
    day -= days{1};
  }
  return Date{day - days{1}};
}

bool HolidayCalendar::Covers(Date d) const {
  return has_coverage_ && sys_days(from_) <= sys_days(d) && sys_days(d) <= sys_days(to_);
}

}  // namespace krabuan
