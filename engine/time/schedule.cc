// Resolve, NextOccurrence and the two ways of writing a TimeSpec back (formal and Thai).
// The parser lives in schedule_parser.cc.
#include "engine/time/schedule.h"

#include <algorithm>
#include <cmath>

#include "engine/time/month_names.h"

namespace krabuan {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;
using std::chrono::sys_days;

Date Ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
Date LastDay(int y, unsigned m) {
  return Date{std::chrono::year_month_day_last{std::chrono::year{y},
                                               std::chrono::month_day_last{std::chrono::month{m}}}};
}
int YearOf(Date d) { return static_cast<int>(d.year()); }
unsigned MonthOf(Date d) { return static_cast<unsigned>(d.month()); }
sys_days DaysOf(Date d) { return sys_days(d); }
Date Plus(Date d, int n) { return Date{sys_days(d) + days{n}}; }

// ---- calendar arithmetic

// Adds calendar parts in office time: months first (clamped to the month's end), then
// days, then seconds; the time of day is kept.
Instant AddParts(Instant start, long long months, long long day_count, long long secs) {
  Instant local = start + kOfficeOffset;
  sys_days local_day = floor<days>(local);
  seconds time_of_day = local - local_day;
  Date d{local_day};
  if (months != 0) {
    std::chrono::year_month ym =
        std::chrono::year_month{d.year(), d.month()} + std::chrono::months{months};
    std::chrono::day last =
        std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}.day();
    d = Date{ym.year(), ym.month(), d.day() > last ? last : d.day()};
  }
  return Instant{sys_days(d) + days{day_count}} + time_of_day - kOfficeOffset + seconds{secs};
}

Instant AddCalendar(Instant start, const Duration& d, long long times = 1) {
  return AddParts(start, (static_cast<long long>(d.years) * 12 + d.months) * times,
                  static_cast<long long>(d.days) * times, d.seconds * times);
}

// The reverse of AddCalendar, for latest starts: seconds, days, then months (clamped).
Instant SubtractCalendar(Instant end, const Duration& d) {
  Instant t = end - seconds{d.seconds} - days{d.days};
  return AddParts(t, -(static_cast<long long>(d.years) * 12 + d.months), 0, 0);
}

bool IsEndOfDay(Instant t) { return t == OfficeEndOfDay(OfficeDate(t)); }

// ---- rule 5.4

// The occurrence of a span whose first month falls in CE year y.
DateRange Occurrence(MonthSpan s, int y) {
  int last_year = s.last >= s.first ? y : y + 1;
  return {Ymd(y, s.first, 1), LastDay(last_year, s.last)};
}

// Rule 5.4 (1): the earliest occurrence that overlaps the fiscal year.
DateRange FirstOverlapping(MonthSpan s, FiscalYear fy) {
  Date from = FiscalYearStart(fy), to = FiscalYearEnd(fy);
  for (int y = YearOf(from) - 1;; ++y) {
    DateRange r = Occurrence(s, y);
    if (DaysOf(r.last) >= DaysOf(from) && DaysOf(r.first) <= DaysOf(to)) return r;
  }
}

// Rule 5.4 (2): the earliest occurrence whose start is not before `from`.
DateRange FirstStartingFrom(MonthSpan s, Date from) {
  DateRange r = Occurrence(s, YearOf(from));
  if (DaysOf(r.first) < DaysOf(from)) r = Occurrence(s, YearOf(from) + 1);
  return r;
}

DateRange FirstWindow(MonthSpan s, const TimeContext& c) {
  return c.previous_window_start ? FirstStartingFrom(s, *c.previous_window_start)
                                 : FirstOverlapping(s, c.fiscal_year);
}

// The windows of one cell: the first by the rule, each later one not before the one
// before it (K7).
std::vector<DateRange> ResolveSpans(const std::vector<MonthSpan>& spans, const TimeContext& c) {
  std::vector<DateRange> out;
  for (const MonthSpan& s : spans) {
    out.push_back(out.empty() ? FirstWindow(s, c) : FirstStartingFrom(s, out.back().first));
  }
  return out;
}

void SetWindows(std::vector<DateRange> windows, Resolved* r) {
  r->not_before = OfficeStartOfDay(windows.front().first);
  r->due = OfficeEndOfDay(windows.back().last);
  r->window_start = windows.front().first;
  r->windows = std::move(windows);
}

bool InMonthsRecurrence(const Recurrence& rec, unsigned month) {
  return (month + 12 - rec.start_month) % rec.period_months == 0;
}

bool IsCheckpointMonth(const Recurrence& rec, unsigned calendar_month) {
  unsigned f = FiscalMonthOfCalendar(calendar_month);
  return std::find(rec.fiscal_months.begin(), rec.fiscal_months.end(), f) != rec.fiscal_months.end();
}

// The last day of the next month `month` that is on or after `from`.
Date NextMonthEnd(unsigned month, Date from) {
  Date d = LastDay(YearOf(from), month);
  return DaysOf(d) < DaysOf(from) ? LastDay(YearOf(from) + 1, month) : d;
}

// ---- durations

// When a duration that starts at `start` ends. Working days count from the day after
// `count_from` (the start date, or the day before a window that the step waited for).
Result<Instant> DurationEnd(const Duration& d, Instant start, Date count_from,
                            const TimeContext& c, Resolved* r, std::string_view source) {
  if (!d.counts_working_days()) return AddCalendar(start, d);
  if (c.holidays == nullptr) {
    return Status::Invalid("'" + std::string(source) +
                           "' counts working days (วันทำการ) but no holiday calendar was given");
  }
  Date end = c.holidays->AddWorkingDays(count_from, d.working_days);
  if (!c.holidays->Covers(Plus(count_from, 1)) || !c.holidays->Covers(end)) r->holidays_unknown = true;
  return OfficeEndOfDay(end);
}

// The last start from which `d` still ends by `deadline`.
Instant LatestStart(const Duration& d, Instant deadline, const TimeContext& c) {
  if (!d.counts_working_days()) return SubtractCalendar(deadline, d);
  return OfficeEndOfDay(c.holidays->LatestStartFor(OfficeDate(deadline), d.working_days));
}

// A duration that must end by `deadline`: due is whichever comes first. `from_open` says
// the step waited for its window to open at 00:00: whole days then count from that day,
// so "2 วัน" in May ends at the end of 2 May, not at 00:00 on 3 May.
Status FitBefore(const TimeSpec& spec, Instant start, Date count_from, Instant deadline,
                 bool from_open, const TimeContext& c, Resolved* r) {
  Result<Instant> end = DurationEnd(spec.duration, start, count_from, c, r, spec.source);
  if (!end.ok()) return end.status();
  const Duration& d = spec.duration;
  if (from_open && !d.counts_working_days() && d.seconds == 0 && !d.is_zero()) *end -= seconds{1};
  r->infeasible = *end > deadline;
  r->due = std::min(*end, deadline);
  r->latest_start = LatestStart(spec.duration, deadline, c);
  return Status::Ok();
}

// ---- text helpers

std::string IsoDuration(const Duration& d) {
  std::string out = "P";
  if (d.years) out += std::to_string(d.years) + "Y";
  if (d.months) out += std::to_string(d.months) + "M";
  if (d.days) out += std::to_string(d.days) + "D";
  if (d.seconds) {
    long long h = d.seconds / 3600, m = d.seconds % 3600 / 60, s = d.seconds % 60;
    out += "T";
    if (h) out += std::to_string(h) + "H";
    if (m) out += std::to_string(m) + "M";
    if (s) out += std::to_string(s) + "S";
  }
  if (out == "P") out += "0D";
  return out;
}

std::string FormalDuration(const Duration& d) {
  if (d.counts_working_days()) {
    return std::to_string(d.working_days) + (d.working_days == 1 ? " working day" : " working days");
  }
  return IsoDuration(d);
}

std::string FormalSpan(MonthSpan s) {
  std::string out(EnglishMonthAbbrev(s.first));
  if (s.last != s.first) out += "-" + std::string(EnglishMonthAbbrev(s.last));
  return out;
}

std::string FormalSpans(const std::vector<MonthSpan>& spans) {
  std::string out;
  for (const MonthSpan& s : spans) {
    if (!out.empty()) out += ", ";
    out += FormalSpan(s);
  }
  return out;
}

std::string ThaiMonthYear(Date d) {
  return std::string(ThaiMonthAbbrev(MonthOf(d))) + " " + std::to_string(YearOf(d) + kBuddhistEraOffset);
}

// "ส.ค. 2568", "มี.ค. – เม.ย. 2568", "ต.ค. 2567 – ก.พ. 2568", "1 – 15 ก.ย. 2568".
std::string ThaiRange(DateRange r) {
  bool whole = static_cast<unsigned>(r.first.day()) == 1 &&
               DaysOf(r.last) == DaysOf(LastDay(YearOf(r.last), MonthOf(r.last)));
  bool same_year = YearOf(r.first) == YearOf(r.last);
  if (whole) {
    if (same_year && MonthOf(r.first) == MonthOf(r.last)) return ThaiMonthYear(r.first);
    if (same_year) {
      return std::string(ThaiMonthAbbrev(MonthOf(r.first))) + " – " + ThaiMonthYear(r.last);
    }
    return ThaiMonthYear(r.first) + " – " + ThaiMonthYear(r.last);
  }
  if (DaysOf(r.first) == DaysOf(r.last)) return FormatThaiDate(r.first);
  return FormatThaiDate(r.first) + " – " + FormatThaiDate(r.last);
}

std::string ThaiRanges(const std::vector<DateRange>& ranges) {
  std::string out;
  for (const DateRange& r : ranges) {
    if (!out.empty()) out += " และ ";
    out += ThaiRange(r);
  }
  return out;
}

// A date for a deadline at the end of a day, a date and time otherwise.
std::string ThaiDue(Instant t) {
  return IsEndOfDay(t) ? FormatThaiDate(OfficeDate(t)) : FormatThaiDateTime(t);
}

}  // namespace

// ---- Resolve ------------------------------------------------------------------------

Result<Resolved> Resolve(const TimeSpec& spec, const TimeContext& c) {
  Resolved r;
  Date start_date = OfficeDate(c.start);
  switch (spec.kind) {
    case TimeSpec::Kind::kNone:
    case TimeSpec::Kind::kOutcomeText:
      break;

    case TimeSpec::Kind::kFiscalYearEnd:
      if (spec.year_long && c.year_basis == YearBasis::kCalendar) {
        r.due = OfficeEndOfDay(Ymd(YearOf(start_date), 12, 31));
      } else {
        r.due = OfficeEndOfDay(FiscalYearEnd(c.fiscal_year));
      }
      break;

    case TimeSpec::Kind::kDuration: {
      Result<Instant> end = DurationEnd(spec.duration, c.start, start_date, c, &r, spec.source);
      if (!end.ok()) return end.status();
      r.due = *end;
      break;
    }

    case TimeSpec::Kind::kWindows:
      SetWindows(ResolveSpans(spec.windows, c), &r);
      break;

    case TimeSpec::Kind::kNotBefore: {
      Date d;
      if (c.previous_window_start) {
        const Date& prev = *c.previous_window_start;
        d = Ymd(YearOf(prev), spec.month, spec.day);
        if (DaysOf(d) < DaysOf(prev)) d = Ymd(YearOf(prev) + 1, spec.month, spec.day);
      } else {
        d = Ymd(CeYearOfMonthInFiscalYear(spec.month, c.fiscal_year), spec.month, spec.day);
      }
      r.not_before = OfficeStartOfDay(d);
      r.window_start = d;
      break;
    }

    case TimeSpec::Kind::kMonthDeadline:
      r.due = OfficeEndOfDay(LastDay(CeYearOfMonthInFiscalYear(spec.month, c.fiscal_year), spec.month));
      break;

    case TimeSpec::Kind::kYearlyDeadline:
      r.due = OfficeEndOfDay(NextMonthEnd(spec.month, start_date));
      break;

    case TimeSpec::Kind::kDurationWithin: {
      if (!spec.windows.empty()) {  // K11: inside a window
        std::vector<DateRange> windows = ResolveSpans(spec.windows, c);
        Instant open = OfficeStartOfDay(windows.front().first);
        Instant deadline = OfficeEndOfDay(windows.back().last);
        // A step that starts as its window opens counts as one that waited for it.
        bool waits = c.start <= open;
        Instant from = waits ? open : c.start;
        Date count_from = waits ? Plus(windows.front().first, -1) : start_date;
        KRABUAN_RETURN_IF_ERROR(FitBefore(spec, from, count_from, deadline, waits, c, &r));
        r.not_before = open;
        r.window_start = windows.front().first;
        r.windows = std::move(windows);
      } else {  // K10: before a deadline month
        Date last = spec.yearly
                        ? NextMonthEnd(spec.month, start_date)
                        : LastDay(CeYearOfMonthInFiscalYear(spec.month, c.fiscal_year), spec.month);
        KRABUAN_RETURN_IF_ERROR(FitBefore(spec, c.start, start_date, OfficeEndOfDay(last), false, c, &r));
      }
      break;
    }

    case TimeSpec::Kind::kRecurrence: {
      const Recurrence& rec = spec.recurrence;
      switch (rec.kind) {
        case Recurrence::Kind::kMonths: {
          // Each month of the series is a candidate window; rule 5.4 takes the earliest.
          std::optional<DateRange> best;
          for (unsigned m = 1; m <= 12; ++m) {
            if (!InMonthsRecurrence(rec, m)) continue;
            DateRange w = FirstWindow(MonthSpan{m, m}, c);
            if (!best || DaysOf(w.first) < DaysOf(best->first)) best = w;
          }
          SetWindows({*best}, &r);
          break;
        }
        case Recurrence::Kind::kFiscalCheckpoints: {
          Date from = start_date;
          Date fy_start = FiscalYearStart(c.fiscal_year);
          if (DaysOf(from) < DaysOf(fy_start)) from = fy_start;
          for (int k = 0; k <= 12; ++k) {
            std::chrono::year_month ym =
                std::chrono::year_month{from.year(), from.month()} + std::chrono::months{k};
            unsigned m = static_cast<unsigned>(ym.month());
            Date last = LastDay(static_cast<int>(ym.year()), m);
            if (IsCheckpointMonth(rec, m) && DaysOf(last) >= DaysOf(from)) {
              r.due = OfficeEndOfDay(last);
              break;
            }
          }
          break;
        }
        case Recurrence::Kind::kWeekly:
          if (rec.within_fiscal_year) {
            r.due = OfficeEndOfDay(FiscalYearEnd(c.fiscal_year));
          } else {  // this week's Sunday
            unsigned iso = std::chrono::weekday{sys_days(start_date)}.iso_encoding();
            r.due = OfficeEndOfDay(Plus(start_date, static_cast<int>(7 - iso)));
          }
          break;
        case Recurrence::Kind::kInterval:
          r.due = NextOccurrence(spec, c.start);
          break;
      }
      break;
    }
  }
  return r;
}

// ---- NextOccurrence -----------------------------------------------------------------

std::optional<Instant> NextOccurrence(const TimeSpec& spec, Instant after,
                                      std::optional<Instant> until) {
  if (spec.kind != TimeSpec::Kind::kRecurrence) return std::nullopt;
  const Recurrence& rec = spec.recurrence;
  std::optional<Instant> next;
  Date today = OfficeDate(after);
  switch (rec.kind) {
    case Recurrence::Kind::kMonths:
    case Recurrence::Kind::kFiscalCheckpoints: {
      bool checkpoints = rec.kind == Recurrence::Kind::kFiscalCheckpoints;
      if (checkpoints && rec.fiscal_months.empty()) return std::nullopt;
      for (int k = 0; k <= 13 && !next; ++k) {
        std::chrono::year_month ym =
            std::chrono::year_month{today.year(), today.month()} + std::chrono::months{k};
        unsigned m = static_cast<unsigned>(ym.month());
        int y = static_cast<int>(ym.year());
        if (checkpoints ? !IsCheckpointMonth(rec, m) : !InMonthsRecurrence(rec, m)) continue;
        Instant t = OfficeStartOfDay(checkpoints ? LastDay(y, m) : Ymd(y, m, 1));
        if (t > after) next = t;
      }
      break;
    }
    case Recurrence::Kind::kWeekly: {
      unsigned iso = std::chrono::weekday{sys_days(today)}.iso_encoding();
      next = OfficeStartOfDay(Plus(today, static_cast<int>(8 - iso)));
      break;
    }
    case Recurrence::Kind::kInterval: {
      if (rec.period.is_zero()) return std::nullopt;
      if (!rec.anchor) {
        next = AddCalendar(after, rec.period);
        break;
      }
      long long k = 0;
      if (after >= *rec.anchor) {
        // Jump close, then step: calendar months have no fixed length.
        double approx = rec.period.years * 365.2425 * 86400 + rec.period.months * 30.436875 * 86400 +
                        rec.period.days * 86400.0 + static_cast<double>(rec.period.seconds);
        double elapsed = static_cast<double>((after - *rec.anchor).count());
        k = std::max(0LL, static_cast<long long>(std::floor(elapsed / approx)) - 2);
        while (AddCalendar(*rec.anchor, rec.period, k) <= after) ++k;
      }
      if (rec.count != 0 && k >= rec.count) return std::nullopt;
      next = AddCalendar(*rec.anchor, rec.period, k);
      break;
    }
  }
  if (next && until && *next > *until) return std::nullopt;
  return next;
}

// ---- FormatTimeSpec -----------------------------------------------------------------

std::string FormatTimeSpec(const TimeSpec& spec) {
  switch (spec.kind) {
    case TimeSpec::Kind::kNone:
      return "none";
    case TimeSpec::Kind::kDuration:
      return FormalDuration(spec.duration);
    case TimeSpec::Kind::kFiscalYearEnd:
      return spec.year_long ? "throughout the year" : "fiscal-year-end";
    case TimeSpec::Kind::kWindows:
      return FormalSpans(spec.windows);
    case TimeSpec::Kind::kNotBefore:
      return "not before " + std::to_string(spec.day) + " " + std::string(EnglishMonthAbbrev(spec.month));
    case TimeSpec::Kind::kMonthDeadline:
      return "by " + std::string(EnglishMonthAbbrev(spec.month));
    case TimeSpec::Kind::kYearlyDeadline:
      return "by " + std::string(EnglishMonthAbbrev(spec.month)) + " every year";
    case TimeSpec::Kind::kDurationWithin:
      if (!spec.windows.empty()) return FormalDuration(spec.duration) + " in " + FormalSpans(spec.windows);
      return FormalDuration(spec.duration) + " by " + std::string(EnglishMonthAbbrev(spec.month)) +
             (spec.yearly ? " every year" : "");
    case TimeSpec::Kind::kRecurrence: {
      const Recurrence& rec = spec.recurrence;
      switch (rec.kind) {
        case Recurrence::Kind::kMonths:
          if (rec.period_months == 12) return "every " + std::string(EnglishMonthAbbrev(rec.start_month));
          return "every " + std::to_string(rec.period_months) + " months from " +
                 std::string(EnglishMonthAbbrev(rec.start_month));
        case Recurrence::Kind::kFiscalCheckpoints: {
          std::string out = "fiscal months";
          for (unsigned m : rec.fiscal_months) out += " " + std::to_string(m);
          return out;
        }
        case Recurrence::Kind::kWeekly: {
          std::string out = rec.within_fiscal_year ? "throughout the fiscal year, " : "";
          if (rec.min_per_week == 1) return out + "weekly";
          return out + "at least " + std::to_string(rec.min_per_week) + " times a week";
        }
        case Recurrence::Kind::kInterval: {
          std::string out = "R" + (rec.count ? std::to_string(rec.count) : std::string()) + "/";
          if (rec.anchor) out += FormatInstantUtc(*rec.anchor) + "/";
          return out + IsoDuration(rec.period);
        }
      }
      return "";
    }
    case TimeSpec::Kind::kOutcomeText:
      return "outcome: " + spec.outcome;
  }
  return "";
}

// ---- Thai descriptions --------------------------------------------------------------

std::string DescribeDuration(const Duration& d) {
  if (d.counts_working_days()) return std::to_string(d.working_days) + " วันทำการ";
  std::string out;
  auto part = [&out](long long n, std::string_view unit) {
    if (n == 0) return;
    if (!out.empty()) out += " ";
    out += std::to_string(n) + " " + std::string(unit);
  };
  part(d.years, "ปี");
  part(d.months, "เดือน");
  part(d.days, "วัน");
  part(d.seconds / 3600, "ชั่วโมง");
  part(d.seconds % 3600 / 60, "นาที");
  part(d.seconds % 60, "วินาที");
  return out.empty() ? "0 วัน" : out;
}

std::string DescribeResolved(const TimeSpec& spec, const Resolved& r) {
  std::string due = r.due ? ThaiDue(*r.due) : std::string();
  switch (spec.kind) {
    case TimeSpec::Kind::kNone:
    case TimeSpec::Kind::kOutcomeText:
      return "ไม่มีกำหนดเวลา";
    case TimeSpec::Kind::kFiscalYearEnd:
    case TimeSpec::Kind::kMonthDeadline:
    case TimeSpec::Kind::kYearlyDeadline:
      return r.due ? "ภายใน " + due : "ไม่มีกำหนดเวลา";
    case TimeSpec::Kind::kDuration:
      return DescribeDuration(spec.duration) + (r.due ? " (ภายใน " + due + ")" : "");
    case TimeSpec::Kind::kWindows:
      return r.windows.empty() ? FormatTimeSpec(spec) : ThaiRanges(r.windows);
    case TimeSpec::Kind::kNotBefore:
      return r.window_start ? "ไม่ก่อน " + FormatThaiDate(*r.window_start) : FormatTimeSpec(spec);
    case TimeSpec::Kind::kDurationWithin: {
      std::string out = DescribeDuration(spec.duration);
      if (!r.windows.empty()) out += " ในช่วง " + ThaiRanges(r.windows);
      if (r.due) out += r.windows.empty() ? " ภายใน " + due : " (ภายใน " + due + ")";
      if (r.latest_start) {
        out += (r.infeasible ? " (เวลาไม่พอ: ต้องเริ่มไม่เกิน " : " (เริ่มไม่เกิน ") +
               ThaiDue(*r.latest_start) + ")";
      }
      return out;
    }
    case TimeSpec::Kind::kRecurrence: {
      const Recurrence& rec = spec.recurrence;
      switch (rec.kind) {
        case Recurrence::Kind::kMonths:
          return ThaiRanges(r.windows) + (rec.period_months == 12
                                               ? " (ทุกปี)"
                                               : " (ทุก " + std::to_string(rec.period_months) + " เดือน)");
        case Recurrence::Kind::kFiscalCheckpoints: {
          std::string list;
          for (unsigned m : rec.fiscal_months) list += (list.empty() ? "" : ", ") + std::to_string(m);
          return (r.due ? "ภายใน " + due + " " : std::string()) + "(สิ้นเดือนที่ " + list + " ของปีงบประมาณ)";
        }
        case Recurrence::Kind::kWeekly:
          return "อย่างน้อยสัปดาห์ละ " + std::to_string(rec.min_per_week) + " ครั้ง" +
                 (!r.due ? std::string()
                  : rec.within_fiscal_year ? " ถึง " + due
                                           : " (สัปดาห์นี้ภายใน " + due + ")");
        case Recurrence::Kind::kInterval:
          return "ทุก " + DescribeDuration(rec.period) + (r.due ? " (ครั้งถัดไป " + due + ")" : std::string());
      }
      return "";
    }
  }
  return "";
}

}  // namespace krabuan
