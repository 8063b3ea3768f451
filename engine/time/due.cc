#include "engine/time/due.h"

#include <array>

#include "engine/text/ascii.h"

namespace krabuan {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::string_view kExpected =
    "expected e.g. P15D, PT5M, \"15 วัน\", \"1 เดือน\", \"2 hours\", \"ตลอดปีงบประมาณ\" or \"none\"";

// No deadline in the manual runs for centuries. Capping each number (while reading it)
// and the total (after) keeps the int fields of DueSpec and the calendar arithmetic in
// ResolveDue far from overflow.
constexpr long long kMaxNumber = 1'000'000'000;
constexpr long long kMaxTotalDays = 1000LL * 366;

Status DueError(std::string_view text, std::string_view reason) {
  return Status::Invalid("'" + std::string(text) + "' is not a due expression: " +
                         std::string(reason) + "; " + std::string(kExpected));
}

// Reads a run of digits from the front of *s. Returns false (and sets *reason) when a
// number is present but unusable; *found says whether there was a number at all.
bool ReadNumber(std::string_view* s, long long* out, bool* found, std::string* reason) {
  long long v = 0;
  *found = false;
  int d = 0;
  while (size_t n = DigitAt(*s, &d)) {
    *found = true;
    if (v > kMaxNumber) {
      *reason = "the number is too large";
      return false;
    }
    v = v * 10 + d;
    s->remove_prefix(n);
  }
  if (v > kMaxNumber) {
    *reason = "the number is too large";
    return false;
  }
  *out = v;
  return true;
}

// Rejects durations whose total is absurd; see kMaxNumber.
bool WithinLimits(const DueSpec& spec) {
  long long total_days = static_cast<long long>(spec.years) * 366 +
                         static_cast<long long>(spec.months) * 31 + spec.days +
                         spec.seconds / 86400;
  return total_days <= kMaxTotalDays;
}

// "P1Y2M3DT4H5M6S", "P2W". Designators must come in ISO order, each at most once.
Status ParseIso(std::string_view text, std::string_view s, DueSpec* spec) {
  s.remove_prefix(1);  // 'P'
  bool in_time = false;
  bool any = false, any_time = false;
  int last = -1;  // index of the previous designator in its part, to enforce order
  long long years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, secs = 0;
  while (!s.empty()) {
    if (s[0] == 'T' || s[0] == 't') {
      if (in_time) return DueError(text, "'T' appears twice");
      in_time = true;
      last = -1;
      s.remove_prefix(1);
      continue;
    }
    long long n = 0;
    bool found = false;
    std::string reason;
    if (!ReadNumber(&s, &n, &found, &reason)) return DueError(text, reason);
    if (!found) return DueError(text, "a number must come before each designator");
    if (!s.empty() && (s[0] == '.' || s[0] == ',')) {
      return DueError(text, "fractions are not accepted; use a smaller unit (PT90M, not PT1.5H)");
    }
    if (s.empty()) return DueError(text, "the last number has no designator (Y, M, W, D, H or S)");
    char unit = static_cast<char>(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 'a' + 'A' : s[0]);
    s.remove_prefix(1);
    std::string_view order = in_time ? "HMS" : "YMWD";
    size_t index = order.find(unit);
    if (index == std::string_view::npos) {
      return DueError(text, in_time ? "after 'T' only H, M and S may follow a number"
                                    : "before 'T' only Y, M, W and D may follow a number");
    }
    if (static_cast<int>(index) <= last) {
      return DueError(text, "designators must appear once each, in the order Y M W D T H M S");
    }
    last = static_cast<int>(index);
    any = true;
    if (in_time) {
      any_time = true;
      (unit == 'H' ? hours : unit == 'M' ? minutes : secs) = n;
    } else {
      (unit == 'Y' ? years : unit == 'M' ? months : unit == 'W' ? weeks : days) = n;
    }
  }
  if (in_time && !any_time) {
    return DueError(text, "'T' must be followed by hours, minutes or seconds");
  }
  if (!any) return DueError(text, "a duration needs at least one component");

  long long total_days = weeks * 7 + days;
  long long total_seconds = hours * 3600 + minutes * 60 + secs;
  if (total_days > kMaxTotalDays) {
    return DueError(text, "the duration is longer than 1000 years");
  }
  spec->kind = DueSpec::Kind::kDuration;
  spec->years = static_cast<int>(years);
  spec->months = static_cast<int>(months);
  spec->days = static_cast<int>(total_days);
  spec->seconds = total_seconds;
  if (!WithinLimits(*spec)) return DueError(text, "the duration is longer than 1000 years");
  return Status::Ok();
}

struct Unit {
  std::string_view word;
  enum Field { kYears, kMonths, kDays, kSeconds } field;
  long long scale;  // multiplier into the field
};

// Thai words match exactly; English ones ignore case and take either number.
constexpr std::array<Unit, 16> kUnits = {{
    {"วัน", Unit::kDays, 1},
    {"เดือน", Unit::kMonths, 1},
    {"ปี", Unit::kYears, 1},
    {"นาที", Unit::kSeconds, 60},
    {"ชั่วโมง", Unit::kSeconds, 3600},
    {"ช่ัวโมง", Unit::kSeconds, 3600},  // tone mark typed before the vowel; renders the same
    {"day", Unit::kDays, 1},
    {"days", Unit::kDays, 1},
    {"month", Unit::kMonths, 1},
    {"months", Unit::kMonths, 1},
    {"year", Unit::kYears, 1},
    {"years", Unit::kYears, 1},
    {"minute", Unit::kSeconds, 60},
    {"minutes", Unit::kSeconds, 60},
    {"hour", Unit::kSeconds, 3600},
    {"hours", Unit::kSeconds, 3600},
}};

// "15 วัน", "15วัน", "๑๕ วัน", "15 days". REQUIRES: s starts with a digit.
Status ParseWords(std::string_view text, std::string_view s, DueSpec* spec) {
  long long n = 0;
  bool found = false;
  std::string reason;
  if (!ReadNumber(&s, &n, &found, &reason)) return DueError(text, reason);
  if (!s.empty() && (s[0] == '.' || s[0] == ',')) {
    return DueError(text, "fractions are not accepted; use a smaller unit (90 นาที, not 1.5 ชั่วโมง)");
  }
  s = Trim(s);
  for (const Unit& u : kUnits) {
    if (!EqualsIgnoreCase(s, u.word)) continue;
    spec->kind = DueSpec::Kind::kDuration;
    // n <= kMaxNumber, so every field below holds it without overflow.
    switch (u.field) {
      case Unit::kYears: spec->years = static_cast<int>(n); break;
      case Unit::kMonths: spec->months = static_cast<int>(n); break;
      case Unit::kDays: spec->days = static_cast<int>(n); break;
      case Unit::kSeconds: spec->seconds = n * u.scale; break;
    }
    if (!WithinLimits(*spec)) return DueError(text, "the duration is longer than 1000 years");
    return Status::Ok();
  }
  // Deliberately no partial match: "15 วันทำการ" (working days) must not be read as
  // 15 calendar days.
  return DueError(text, s.empty() ? "the number has no unit"
                                  : "unknown unit '" + std::string(s) +
                                        "' (วัน, เดือน, ปี, ชั่วโมง, นาที or days, months, "
                                        "years, hours, minutes)");
}

}  // namespace

Result<DueSpec> ParseDue(std::string_view text) {
  DueSpec spec;
  spec.source = std::string(text);
  std::string_view s = Trim(text);
  if (s.empty() || s == "ตลอดเวลา" || EqualsIgnoreCase(s, "none")) return spec;
  if (s == "ตลอดปีงบประมาณ" || EqualsIgnoreCase(s, "fiscal-year-end")) {
    spec.kind = DueSpec::Kind::kFiscalYearEnd;
    return spec;
  }
  Status st;
  int digit = 0;
  if (s[0] == 'P' || s[0] == 'p') {
    st = ParseIso(text, s, &spec);
  } else if (DigitAt(s, &digit) > 0) {
    st = ParseWords(text, s, &spec);
  } else {
    st = DueError(text, "unknown form");
  }
  if (!st.ok()) return st;
  return spec;
}

std::optional<Instant> ResolveDue(const DueSpec& spec, Instant start, FiscalYear fy) {
  switch (spec.kind) {
    case DueSpec::Kind::kNone:
      return std::nullopt;
    case DueSpec::Kind::kFiscalYearEnd:
      return OfficeEndOfDay(FiscalYearEnd(fy));
    case DueSpec::Kind::kDuration:
      break;
  }
  // Calendar parts move the office-local date, so "1 month" from 31 Jan 09:00 is
  // 28/29 Feb 09:00 in Bangkok whatever the UTC date was.
  Instant local = start + kOfficeOffset;
  sys_days local_day = floor<days>(local);
  seconds time_of_day = local - local_day;
  Date d{local_day};
  long long total_months = static_cast<long long>(spec.years) * 12 + spec.months;
  if (total_months != 0) {
    std::chrono::year_month ym =
        std::chrono::year_month{d.year(), d.month()} + std::chrono::months{total_months};
    std::chrono::day last =
        std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}.day();
    d = Date{ym.year(), ym.month(), d.day() > last ? last : d.day()};
  }
  sys_days due_day = sys_days(d) + days{spec.days};
  return Instant{due_day} + time_of_day - kOfficeOffset + seconds{spec.seconds};
}

}  // namespace krabuan
