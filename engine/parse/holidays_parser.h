// Reads the holidays file (processes/calendar/holidays.xml) into a HolidayCalendar.
#pragma once

#include <string_view>

#include "engine/status.h"
#include "engine/time/holiday_calendar.h"

namespace krabuan {

// Every problem is reported, one line each, as "file:line:column: message"
// (Status::InvalidMany).
Result<HolidayCalendar> ParseHolidays(std::string_view xml, std::string_view file);

}  // namespace krabuan
