// Helpers shared by the fuzz targets: the project's own org and holidays files, read once.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "engine/parse/holidays_parser.h"
#include "engine/org/org.h"
#include "engine/parse/org_parser.h"
#include "engine/time/holiday_calendar.h"

namespace krabuan::fuzz {

inline std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// processes/org.xml, or nullptr when it cannot be read or parsed (checks needing it are
// then skipped).
inline const Org* ProjectOrg() {
  static const Org* org = [] () -> const Org* {
    Result<Org> r = ParseOrg(ReadFile(KRABUAN_FUZZ_PROCESSES_DIR "/org.xml"), "org.xml");
    return r.ok() ? new Org(std::move(r).value()) : nullptr;
  }();
  return org;
}

// processes/calendar/holidays.xml, or an empty calendar (weekends only).
inline const HolidayCalendar& ProjectHolidays() {
  static const HolidayCalendar* cal = [] {
    Result<HolidayCalendar> r = ParseHolidays(
        ReadFile(KRABUAN_FUZZ_PROCESSES_DIR "/calendar/holidays.xml"), "holidays.xml");
    return r.ok() ? new HolidayCalendar(std::move(r).value()) : new HolidayCalendar();
  }();
  return *cal;
}

}  // namespace krabuan::fuzz
