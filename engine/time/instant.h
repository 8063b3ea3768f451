// Points in time and calendar dates.
//
// Instants are stored in UTC ISO-8601 ("2025-08-01T02:00:00Z"). People read dates in
// the office's zone (Asia/Bangkok, UTC+07:00, no daylight saving) with Buddhist-Era
// years and Thai month names ("1 ส.ค. 2568 09:00").
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace krabuan {

using Instant = std::chrono::sys_seconds;
using Date = std::chrono::year_month_day;

// The office's fixed offset from UTC.
inline constexpr std::chrono::seconds kOfficeOffset{7 * 3600};

// Accepts "2025-08-01T09:00:00+07:00", "2025-08-01T09:00+07:00", "2025-08-01T02:00:00Z",
// "2025-08-01T09:00" (office time) and "2025-08-01" (00:00 office time).
// Fractions of a second are accepted and dropped.
Result<Instant> ParseInstant(std::string_view text);

// "2025-08-01T02:00:00Z".
std::string FormatInstantUtc(Instant t);

// "2025-08-01"; years 1..9999 only.
Result<Date> ParseDate(std::string_view text);
std::string FormatIsoDate(Date d);

// The first year taken for a Buddhist-Era year when people or process files write a
// date: 2400 CE is centuries away, 2400 BE was 1857 CE, so a year from here on is a BE
// year typed by habit, and read as CE it would put the date 543 years ahead.
inline constexpr int kFirstBuddhistEraYear = 2400;

// ParseDate and ParseInstant for what people and process files write (values of inputs
// and fields, condition literals, --now, absences, holidays, instants in process files):
// the same forms, but a year >= kFirstBuddhistEraYear is refused, naming the CE spelling:
// "'2568-05-01' has a Buddhist-Era year; dates are written with CE years (did you mean
// 2025-05-01?)". Text the engine stored itself is read with ParseDate/ParseInstant.
Result<Date> ParseWrittenDate(std::string_view text);
Result<Instant> ParseWrittenInstant(std::string_view text);

// The office-local calendar date of an instant.
Date OfficeDate(Instant t);
// 00:00:00 office time on d.
Instant OfficeStartOfDay(Date d);
// 23:59:59 office time on d: a deadline "by d" means by the end of that day.
Instant OfficeEndOfDay(Date d);

// For people: "1 ส.ค. 2568" and "1 ส.ค. 2568 09:00" (office time, BE year).
std::string FormatThaiDate(Date d);
std::string FormatThaiDateTime(Instant t);

}  // namespace krabuan
