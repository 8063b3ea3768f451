// The office's working days: Monday to Friday, except the public holidays of the
// holidays file (processes/calendar/holidays.xml, schema processes/krabuan-holidays.xsd).
//
//   <holidays from="2024-01-01" to="2026-12-31">
//     <holiday date="2025-04-14" name="วันสงกรานต์" kind="fixed"/>
//   </holidays>
//
// from/to state which dates the file vouches for. Outside them only weekends are known,
// so callers that count working days there should warn (see Covers).
//
// Immutable once built; safe to share between threads for reading.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "engine/status.h"
#include "engine/time/instant.h"

namespace krabuan {

class HolidayCalendar {
 public:
  // No holidays and no coverage: only Saturdays and Sundays are days off.
  HolidayCalendar() = default;

  // For tests and programmatic set-up. REQUIRES: d.ok(). A second call for the same
  // date replaces the name.
  void Add(Date d, std::string name);
  // Declares the dates the calendar vouches for. REQUIRES: from <= to.
  void SetCoverage(Date from, Date to);

  bool IsHoliday(Date d) const;
  // The holiday's name; empty when d is not a holiday.
  std::string_view HolidayName(Date d) const;
  // Monday to Friday and not a holiday.
  bool IsWorkingDay(Date d) const;

  // The n-th working day after `from` (from itself never counts); `from` when n <= 0.
  // "15 วันทำการ" from a start on date s is due at the end of AddWorkingDays(s, 15).
  Date AddWorkingDays(Date from, int n) const;
  // The latest date s with AddWorkingDays(s, n) <= last. REQUIRES: n >= 1.
  Date LatestStartFor(Date last, int n) const;

  // True when d lies in the declared coverage (false when none was declared).
  bool Covers(Date d) const;
  bool has_coverage() const { return has_coverage_; }
  Date coverage_from() const { return from_; }
  Date coverage_to() const { return to_; }
  std::size_t size() const { return days_.size(); }

 private:
  std::map<long long, std::string> days_;  // days since 1970-01-01 -> name
  bool has_coverage_ = false;
  Date from_{}, to_{};
};

}  // namespace krabuan
