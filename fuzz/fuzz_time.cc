// Fuzzes the time-expression language: ParseTime on any text and, on what parses,
// FormatTimeSpec, then Resolve (for fiscal years 2568 and 2569, each from two starts,
// and again chained on the window it gave, as rule 5.4 chains window steps),
// DescribeResolved, and NextOccurrence (a few firings, bounded by the fiscal year's end
// and unbounded).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/time/fiscal_year.h"
#include "engine/time/instant.h"
#include "engine/time/schedule.h"
#include "fuzz/fuzz_support.h"

namespace {

using namespace krabuan;

struct Start {
  int fy;
  const char* at;  // office time
};

// The first day of the fiscal year, and a day in its middle (a Friday afternoon).
constexpr Start kStarts[] = {
    {2568, "2024-10-01T09:00"},
    {2568, "2025-02-14T16:30"},
    {2569, "2025-10-01T09:00"},
    {2569, "2026-06-19T16:30"},
};

constexpr int kFirings = 6;

void Exercise(const TimeSpec& spec, const Start& s) {
  Result<Instant> at = ParseInstant(s.at);
  if (!at.ok()) __builtin_trap();  // the fixed starts are valid
  FiscalYear fy{s.fy};

  TimeContext context;
  context.start = *at;
  context.fiscal_year = fy;
  context.holidays = &fuzz::ProjectHolidays();
  Result<Resolved> r = Resolve(spec, context);
  if (r.ok()) {
    (void)DescribeResolved(spec, *r);
    // The next window step of the same instance.
    if (r->window_start) {
      context.previous_window_start = r->window_start;
      Result<Resolved> next = Resolve(spec, context);
      if (next.ok()) (void)DescribeResolved(spec, *next);
    }
  } else {
    (void)r.status().message();
  }

  // The calendar year basis for "ตลอดปี", and no holidays (working days refused).
  TimeContext other = context;
  other.previous_window_start.reset();
  other.year_basis = YearBasis::kCalendar;
  other.holidays = nullptr;
  Result<Resolved> r2 = Resolve(spec, other);
  if (r2.ok()) (void)DescribeResolved(spec, *r2);

  Instant until = OfficeEndOfDay(FiscalYearEnd(fy));
  Instant t = *at;
  for (int i = 0; i < kFirings; ++i) {
    std::optional<Instant> next = NextOccurrence(spec, t, until);
    if (!next) break;
    t = *next;
  }
  t = *at;
  for (int i = 0; i < kFirings; ++i) {
    std::optional<Instant> next = NextOccurrence(spec, t);
    if (!next) break;
    t = *next;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::ProjectHolidays();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<TimeSpec> spec = ParseTime(text);
  if (!spec.ok()) {
    (void)spec.status().message();
    return 0;
  }
  (void)FormatTimeSpec(*spec);
  (void)DescribeDuration(spec->duration);
  for (const Start& s : kStarts) Exercise(*spec, s);
  return 0;
}
