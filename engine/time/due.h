// Due expressions: when a task or step is due, written as the manual writes it.
//
// This is the engine core's subset; the scheduling work extends it. Accepted forms:
//   ISO-8601 durations          P15D, P1M, PT5M, P1Y2M3DT4H5M6S, P2W
//   Thai durations              "15 วัน", "1 เดือน", "5 นาที", "2 ชั่วโมง", "1 ปี"
//   English durations           "15 days", "1 month", "5 minutes"
//   Throughout the fiscal year  "ตลอดปีงบประมาณ" or "fiscal-year-end": due 30 September
//                               (end of day, office time) of the instance's fiscal year
//   No deadline                 "ตลอดเวลา", "none" or an empty attribute
// Durations count calendar time from the moment the task is created; months clamp to
// the end of a shorter month (31 Jan + P1M = 28/29 Feb).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/status.h"
#include "engine/time/fiscal_year.h"
#include "engine/time/instant.h"

namespace krabuan {

// A parsed due expression. Cheap to copy; holds no run state.
struct DueSpec {
  enum class Kind { kNone, kDuration, kFiscalYearEnd };
  Kind kind = Kind::kNone;
  int years = 0, months = 0, days = 0;        // calendar part of a duration
  long long seconds = 0;                       // clock part (hours, minutes, seconds)
  std::string source;                          // the text as written
};

// Parses a due expression; Invalid with a message naming the text on failure.
Result<DueSpec> ParseDue(std::string_view text);

// The due instant of a step that starts at `start` in fiscal year `fy`;
// nullopt when the spec has no deadline.
std::optional<Instant> ResolveDue(const DueSpec& spec, Instant start, FiscalYear fy);

}  // namespace krabuan
