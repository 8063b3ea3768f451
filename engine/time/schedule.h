// The time-expression language: every timing the manual writes, as one parsed value.
//
// Used by a task's `due`, a wait node's `until`/`for`, a time box's `due` and a process's
// recurring start. Text is what an administrator copies from a timing-table cell
// (เวลาดำเนินการ, procedures §5.2) or a formal spelling.
//
// Three steps, kept apart:
//   ParseTime(text)            -> TimeSpec   (no dates; cheap to copy; holds no run state)
//   Resolve(spec, context)     -> Resolved   (dates for one step of one instance)
//   NextOccurrence(spec, t)    -> Instant    (recurring starts and reminders)
//
// Month numbering: MonthSpan and every `month` field are CALENDAR months (1 = January).
// Fiscal months (1 = October … 12 = September) appear only in Recurrence::fiscal_months
// and in the spellings "fiscal month 11" / "เดือนที่ 11 ของปีงบประมาณ" (= August).
// A bare month number ("8", "10-2") is refused: it could be either.
//
// ---- Grammar -------------------------------------------------------------------------
// Words may be glued (Thai is written without spaces) or spaced; "-", "–", "—" and "ถึง"
// join a range; Thai and ASCII digits are equal; English ignores case and drops "the".
// Month names: ตุลาคม, ต.ค., ต.ค (Thai full or abbreviated), October, Oct, Sept (English).
// Units: วัน/day(s), วันทำการ/working day(s), สัปดาห์/week(s), เดือน/month(s), ปี/year(s),
// ชั่วโมง/hour(s), นาที/minute(s), วินาที/second(s); ISO-8601 "P1Y2M3DT4H5M6S", "P2W".
//
//   Kind              Form                                      Example (kind of §5.3)
//   kNone             ตลอดเวลา | none | (empty)                 "ตลอดเวลา" (K3); "" (K17 blank:
//                                                                inheriting is the caller's job)
//   kFiscalYearEnd    ตลอดปีงบประมาณ | fiscal-year-end |          "ตลอดปีงบประมาณ" (K1)
//                     throughout the fiscal year
//                     ตลอดปี | throughout the year (year_long)  "ตลอดปี" (K2, fiscal basis
//                                                                unless TimeContext says else)
//   kDuration         [ภายใน|within] N unit [N unit …] | ISO     "15 วัน", "1 เดือน" (K8),
//                                                                "5 นาที" (K16), "P15D",
//                                                                "15 วันทำการ" (working days)
//   kWindows          span [[,|และ|and] span …] [ของปี|ของทุกปี|every year]
//                       span := month [- month]                 "สิงหาคม" (K4),
//                       month := name | fiscal month N |        "ตุลาคม-พฤศจิกายน" (K5),
//                                เดือนที่ N ของปีงบประมาณ        "กันยายน - ตุลาคม" (K6),
//                                                                "ตุลาคม - กุมภาพันธ์ มีนาคม -
//                                                                 กันยายน" (K7), "Oct-Feb, Mar-Sep"
//   kNotBefore        ไม่ก่อน [วันที่] D month | not before      "ไม่ก่อน 1 กันยายน",
//                     month D | not before D month              "not before September 1" (K20)
//   kMonthDeadline    ภายในเดือน month [ของปี|ของปีงบประมาณ] |     "ภายในเดือนพฤศจิกายน",
//                     by [end of] month [of fiscal year]        "by end of November"
//   kYearlyDeadline   ภายในเดือน month [ของ]ทุกปี |               "ภายในเดือนธันวาคม ของทุกปี"
//                     by month every|each year                  (K12), "by December every year"
//   kDurationWithin   duration ภายในเดือน month [ของปี|ของทุกปี] "2 เดือน ภายในเดือน
//                     duration by month [of fiscal year|every    พฤศจิกายนของปี" (K10),
//                       year]                                   "2 months by November"
//                     duration (span [ของทุกปี]) |               "2 วัน (พฤษภาคม ของทุกปี)" (K11),
//                     duration in span [every year]             "2 days in May"
//   kRecurrence       ทุกปี [ใน] month | every [year in] month  "ทุกปี พฤษภาคม", "every May"
//                     month ทุก N เดือน | ทุก N เดือน ตั้งแต่ month "พฤศจิกายน ทุก 6 เดือน" (K14),
//                       | every N months from month             "every 6 months from November"
//                     ทุก a/b/c และ d เดือน | ทุก N เดือน |        "ทุก 3/6/9 และ 12 เดือน" (K13),
//                       fiscal months a b c d                    "fiscal months 3 6 9 12"
//                     [ตลอดปีงบประมาณ] [อย่างน้อย]สัปดาห์ละ N ครั้ง "ตลอดปีงบประมาณ อย่างน้อย
//                       | at least N times|once a|per week        สัปดาห์ละ 1 ครั้ง" (K15),
//                       | weekly | ทุกสัปดาห์ | every week         "weekly"
//                     ทุก N unit | every N unit (not months) |    "ทุก 7 วัน", "every 2 hours",
//                       R[n]/[start/]ISO-duration                "R/P7D", "R4/2025-10-01/P1W"
//   kOutcomeText      ผลลัพธ์: text | outcome: text |             the P10 T7 cell (K18)
//                     text that is no timing above AND is a Thai
//                     sentence of 3+ words with no digits and no
//                     time word (month, unit, ตลอด, ภายใน, ทุก,
//                     ไม่ก่อน, ครั้ง); anything else is an error
//
// Meanings that are choices (procedures §5.3 leaves them open):
// - "ของปี" / no qualifier on a deadline month = the instance's fiscal year; "ของทุกปี" /
//   "every year" = the first such month-end on or after the step's start.
// - On a window, "ของปี" / "ของทุกปี" change nothing: windows resolve by rule 5.4 anyway.
// - "ทุก N เดือน" without a start month = fiscal checkpoints N, 2N, …, 12 (K13's reading).
//   N, and the period of K14, must divide 12 so the months repeat every year.
// - Checkpoints fall on the LAST day of their fiscal month (3 -> 31 Dec); month
//   recurrences (K14, yearly) on the FIRST day of theirs; weekly ones on Mondays.
// - "every N days/weeks/hours" and R/… without a start repeat from the previous firing,
//   exactly; with a start they repeat from it.
// - Working days skip Saturdays, Sundays and the holidays of the HolidayCalendar, and
//   count from the day after the start date ("1 วันทำการ" from Friday = Monday's end).
// - A step that waits for its window (K11) counts from the window's first day: "2 วัน"
//   in May is due at the end of 2 May.
// - A recurrence used as a step's timing: a month series is a window on its earliest
//   month by rule 5.4; checkpoints are due at the first one on or after the start (not
//   before the fiscal year's start); weekly is due at the fiscal year's end if bounded,
//   else at the end of this week's Sunday; an interval at its next occurrence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "engine/time/fiscal_year.h"
#include "engine/time/holiday_calendar.h"
#include "engine/time/instant.h"

namespace krabuan {

// Calendar months first..last, both included; first > last crosses the calendar year
// (Oct–Feb = {10, 2}); first == last is one month.
struct MonthSpan {
  unsigned first = 0, last = 0;
  friend bool operator==(const MonthSpan&, const MonthSpan&) = default;
};

// A length of time. Calendar parts (years, months, days) move the office-local date and
// keep the time of day; months clamp (31 Jan + 1 month = 28/29 Feb). Working days are
// never mixed with other parts.
struct Duration {
  int years = 0, months = 0, days = 0;
  int working_days = 0;      // > 0: a working-day count; every other field is 0
  long long seconds = 0;     // hours, minutes and seconds

  bool counts_working_days() const { return working_days > 0; }
  bool is_zero() const {
    return years == 0 && months == 0 && days == 0 && working_days == 0 && seconds == 0;
  }
  friend bool operator==(const Duration&, const Duration&) = default;
};

struct Recurrence {
  enum class Kind {
    kMonths,              // the 1st of every period_months-th month from start_month
    kFiscalCheckpoints,   // the last day of each listed fiscal month
    kWeekly,              // Mondays; at least min_per_week completions a week
    kInterval,            // every `period`, exactly
  };
  Kind kind = Kind::kMonths;
  unsigned start_month = 0;             // kMonths: calendar month
  unsigned period_months = 0;           // kMonths: 1, 2, 3, 4, 6 or 12 (12 = yearly)
  std::vector<unsigned> fiscal_months;  // kFiscalCheckpoints: FISCAL months, ascending
  unsigned min_per_week = 0;            // kWeekly
  bool within_fiscal_year = false;      // kWeekly: "ตลอดปีงบประมาณ …" (ends with the FY)
  Duration period;                      // kInterval; never working days
  std::optional<Instant> anchor;        // kInterval: first occurrence; none = from `after`
  unsigned count = 0;                   // kInterval: at most this many (0 = no limit). With an
                                        // anchor NextOccurrence stops after them; without one
                                        // it cannot know how many came before, so the caller
                                        // counts (a repeating task timer does)
  friend bool operator==(const Recurrence&, const Recurrence&) = default;
};

// A parsed time expression. Cheap to copy; holds no run state.
struct TimeSpec {
  enum class Kind {
    kNone,             // no deadline
    kDuration,         // `duration` from the step's start
    kFiscalYearEnd,    // 30 September of the instance's fiscal year
    kWindows,          // `windows`, resolved by rule 5.4
    kNotBefore,        // opens on `day` of `month` (rule 5.4); no deadline
    kMonthDeadline,    // by the last day of `month` in the instance's fiscal year
    kYearlyDeadline,   // by the last day of the next `month` (on or after the start)
    kDurationWithin,   // `duration`, ending by a deadline month or inside `windows`
    kRecurrence,       // `recurrence`
    kOutcomeText,      // not a time: `outcome` is metadata; no deadline
  };
  Kind kind = Kind::kNone;
  Duration duration;               // kDuration, kDurationWithin
  std::vector<MonthSpan> windows;  // kWindows; kDurationWithin inside a window (K11)
  unsigned month = 0;              // kNotBefore, kMonthDeadline, kYearlyDeadline,
                                   // kDurationWithin with a deadline (K10): calendar month
  unsigned day = 0;                // kNotBefore: day of the month
  bool yearly = false;             // kDurationWithin with a deadline: "ของทุกปี" (see above)
  bool year_long = false;          // kFiscalYearEnd written "ตลอดปี" (K2)
  Recurrence recurrence;           // kRecurrence
  std::string outcome;             // kOutcomeText
  std::string source;              // the text as written
};

// Parses a time expression. Invalid, with one line naming the text, what is wrong and
// what was expected, e.g.
//   '15 วันทำงานน์' is not a time expression: cannot read 'วันทำงานน์' (for working days write 'วันทำการ') …
Result<TimeSpec> ParseTime(std::string_view text);

// A formal spelling that ParseTime reads back to the same meaning: "P15D",
// "15 working days", "Oct-Feb, Mar-Sep", "P2M by Nov", "every 6 months from Nov", …
std::string FormatTimeSpec(const TimeSpec& spec);

// Which year "ตลอดปี" (K2) means; the manual does not say, the fiscal year is assumed.
enum class YearBasis { kFiscal, kCalendar };

struct TimeContext {
  Instant start;                               // when the step starts (its token arrives)
  FiscalYear fiscal_year;                      // the instance's fiscal year
  std::optional<Date> previous_window_start;   // rule 5.4: the previous window step's start
  const HolidayCalendar* holidays = nullptr;   // required for working days; not owned
  YearBasis year_basis = YearBasis::kFiscal;   // for "ตลอดปี"
};

// An inclusive range of office-local dates.
struct DateRange {
  Date first, last;
  friend bool operator==(const DateRange&, const DateRange&) = default;
};

struct Resolved {
  std::optional<Instant> not_before;    // the step's window opens (00:00 office time); none = now
  std::optional<Instant> due;           // 23:59:59 office time of the deadline date, or the
                                        // exact instant for clock durations; none = no deadline
  std::optional<Date> window_start;     // for the next window step's TimeContext; none for
                                        // steps without a window (the chain keeps the old one)
  std::vector<DateRange> windows;       // every window of the step, in order (K7: rounds)
  std::optional<Instant> latest_start;  // kDurationWithin: the last start that still fits
  bool infeasible = false;              // kDurationWithin: the duration does not fit before
                                        // the deadline; `due` is then the deadline itself
  bool holidays_unknown = false;        // working days were counted beyond the calendar's
                                        // coverage (only weekends were skipped there)
};

// Dates for one step. Rule 5.4: with no previous_window_start a window is the earliest
// occurrence of its months that overlaps the fiscal year; otherwise the earliest whose start
// is not before previous_window_start. Errors (Invalid): working days without a calendar.
// A deadline that has passed, or a duration that cannot fit, is NOT an error (see
// Resolved::infeasible).
Result<Resolved> Resolve(const TimeSpec& spec, const TimeContext& context);

// The first occurrence of a kRecurrence strictly after `after`, at 00:00 office time of
// its date (exact for kInterval); nullopt after `until`, after the last of a counted
// series, or for specs that are not recurrences. For "ตลอดปีงบประมาณ …" pass the fiscal
// year's end as `until`.
std::optional<Instant> NextOccurrence(const TimeSpec& recurrence, Instant after,
                                      std::optional<Instant> until = std::nullopt);

// For people, in Thai: "ภายใน 30 ก.ย. 2568", "ส.ค. 2568", "ก.ย. 2567 – ต.ค. 2567",
// "15 วันทำการ (ภายใน 21 เม.ย. 2568)", "2 เดือน ภายใน 30 พ.ย. 2567 (เวลาไม่พอ: …)".
std::string DescribeResolved(const TimeSpec& spec, const Resolved& resolved);

// "1 ปี 2 เดือน 15 วัน", "15 วันทำการ", "5 นาที"; "0 วัน" for an empty duration.
std::string DescribeDuration(const Duration& d);

}  // namespace krabuan
