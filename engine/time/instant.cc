#include "engine/time/instant.h"

#include "engine/time/fiscal_year.h"
#include "engine/time/month_names.h"

namespace krabuan {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr std::string_view kDateForm = "expected YYYY-MM-DD, e.g. 2025-08-01";
constexpr std::string_view kInstantForm =
    "expected e.g. 2025-08-01T09:00+07:00, 2025-08-01T02:00:00Z or 2025-08-01";

// Reads fixed-width fields left to right; every parser here is one pass over it.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool AtEnd() const { return i_ == s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (AtEnd() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  // Exactly n ASCII digits.
  bool Digits(int n, int* out) {
    if (s_.size() - i_ < static_cast<size_t>(n)) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char c = s_[i_ + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i_ += n;
    *out = v;
    return true;
  }
  // One or more digits whose value is of no interest (dropped fractions).
  bool SkipDigits() {
    size_t start = i_;
    while (!AtEnd() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::string Pad(long long v, int width) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  }
  return v < 0 ? "-" + digits : digits;
}

Status DateError(std::string_view text, std::string_view reason) {
  return Status::Invalid("'" + std::string(text) + "' is not a date: " + std::string(reason) +
                         "; " + std::string(kDateForm));
}

Status InstantError(std::string_view text, std::string_view reason) {
  return Status::Invalid("'" + std::string(text) + "' is not a date-time: " +
                         std::string(reason) + "; " + std::string(kInstantForm));
}

// "YYYY-MM-DD" at the cursor. On failure sets *reason and returns false.
bool ReadDate(Cursor& c, Date* out, std::string* reason) {
  int y = 0, m = 0, d = 0;
  if (!c.Digits(4, &y) || !c.Eat('-') || !c.Digits(2, &m) || !c.Eat('-') || !c.Digits(2, &d)) {
    *reason = "wrong format";
    return false;
  }
  if (y < 1) {
    *reason = "year 0000 is out of range";
    return false;
  }
  if (m < 1 || m > 12) {
    *reason = "month " + Pad(m, 2) + " is out of range";
    return false;
  }
  Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
            std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) {
    *reason = Pad(y, 4) + "-" + Pad(m, 2) + " has no day " + Pad(d, 2);
    return false;
  }
  *out = date;
  return true;
}

// Invalid when `text` starts with a Buddhist-Era year; `parse` reads the CE spelling, to
// suggest it only when it is a valid date (29 Feb 2567 BE is 29 Feb 2024 CE, a day 2567
// read as CE does not have).
template <typename Parse>
Status RefuseBuddhistEraYear(std::string_view text, Parse parse) {
  Cursor c(text);
  int y = 0;
  if (!c.Digits(4, &y) || y < kFirstBuddhistEraYear) return Status::Ok();
  std::string ce = Pad(y - kBuddhistEraOffset, 4) + std::string(text.substr(4));
  std::string msg = "'" + std::string(text) + "' has a Buddhist-Era year (" + std::to_string(y) +
                    "); dates are written with CE years";
  if (parse(ce).ok()) msg += " (did you mean " + ce + "?)";
  return Status::Invalid(msg);
}

}  // namespace

Result<Date> ParseWrittenDate(std::string_view text) {
  KRABUAN_RETURN_IF_ERROR(RefuseBuddhistEraYear(text, [](std::string_view t) { return ParseDate(t); }));
  return ParseDate(text);
}

Result<Instant> ParseWrittenInstant(std::string_view text) {
  KRABUAN_RETURN_IF_ERROR(RefuseBuddhistEraYear(text, [](std::string_view t) { return ParseInstant(t); }));
  return ParseInstant(text);
}

Result<Date> ParseDate(std::string_view text) {
  Cursor c(text);
  Date d;
  std::string reason;
  if (!ReadDate(c, &d, &reason)) return DateError(text, reason);
  if (!c.AtEnd()) return DateError(text, "unexpected text after the date");
  return d;
}

Result<Instant> ParseInstant(std::string_view text) {
  Cursor c(text);
  Date d;
  std::string reason;
  if (!ReadDate(c, &d, &reason)) return InstantError(text, reason);
  if (c.AtEnd()) return OfficeStartOfDay(d);

  // A space is what people type in place of the 'T'; accepting it costs nothing.
  if (!c.Eat('T') && !c.Eat('t') && !c.Eat(' ')) {
    return InstantError(text, "expected 'T' between the date and the time");
  }
  int hh = 0, mm = 0, ss = 0;
  if (!c.Digits(2, &hh) || !c.Eat(':') || !c.Digits(2, &mm)) {
    return InstantError(text, "the time must be HH:MM or HH:MM:SS");
  }
  if (c.Eat(':')) {
    if (!c.Digits(2, &ss)) return InstantError(text, "the seconds must be two digits");
    // Stored instants have whole seconds; a fraction only says the writer was precise.
    if (c.Eat('.') || c.Eat(',')) {
      if (!c.SkipDigits()) return InstantError(text, "a digit must follow the decimal point");
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return InstantError(text, "the time of day is out of range");

  seconds offset = kOfficeOffset;  // no zone written: office time
  if (c.Eat('Z') || c.Eat('z')) {
    offset = seconds{0};
  } else if (c.Peek() == '+' || c.Peek() == '-') {
    int sign = c.Peek() == '-' ? -1 : 1;
    c.Eat(c.Peek());
    int oh = 0, om = 0;
    if (!c.Digits(2, &oh)) return InstantError(text, "the UTC offset must be +HH:MM");
    if (c.Eat(':')) {
      if (!c.Digits(2, &om)) return InstantError(text, "the UTC offset must be +HH:MM");
    } else if (!c.AtEnd() && !c.Digits(2, &om)) {
      return InstantError(text, "the UTC offset must be +HH:MM");
    }
    if (oh > 23 || om > 59) return InstantError(text, "the UTC offset is out of range");
    offset = sign * (hours{oh} + minutes{om});
  }
  if (!c.AtEnd()) return InstantError(text, "unexpected text after the time");

  return Instant{sys_days(d)} + hours{hh} + minutes{mm} + seconds{ss} - offset;
}

std::string FormatIsoDate(Date d) {
  return Pad(static_cast<int>(d.year()), 4) + "-" + Pad(static_cast<unsigned>(d.month()), 2) +
         "-" + Pad(static_cast<unsigned>(d.day()), 2);
}

std::string FormatInstantUtc(Instant t) {
  sys_days day = floor<days>(t);
  std::chrono::hh_mm_ss<seconds> tod(t - day);
  return FormatIsoDate(Date{day}) + "T" + Pad(tod.hours().count(), 2) + ":" +
         Pad(tod.minutes().count(), 2) + ":" + Pad(tod.seconds().count(), 2) + "Z";
}

Date OfficeDate(Instant t) { return Date{floor<days>(t + kOfficeOffset)}; }

Instant OfficeStartOfDay(Date d) { return Instant{sys_days(d)} - kOfficeOffset; }

Instant OfficeEndOfDay(Date d) { return OfficeStartOfDay(d) + days{1} - seconds{1}; }

std::string FormatThaiDate(Date d) {
  return std::to_string(static_cast<unsigned>(d.day())) + " " +
         std::string(ThaiMonthAbbrev(static_cast<unsigned>(d.month()))) + " " +
         std::to_string(static_cast<int>(d.year()) + kBuddhistEraOffset);
}

std::string FormatThaiDateTime(Instant t) {
  Instant local = t + kOfficeOffset;
  sys_days day = floor<days>(local);
  std::chrono::hh_mm_ss<seconds> tod(local - day);
  return FormatThaiDate(Date{day}) + " " + Pad(tod.hours().count(), 2) + ":" +
         Pad(tod.minutes().count(), 2);
}

}  // namespace krabuan
