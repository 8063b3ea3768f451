// ParseTime: a scanner that turns Thai (unspaced) and English text into tokens by
// longest match against a small vocabulary, and a recursive-descent parser over them.
// The grammar is documented in schedule.h.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "engine/text/ascii.h"
#include "engine/text/utf8.h"
#include "engine/time/month_names.h"
#include "engine/time/schedule.h"

namespace krabuan {

namespace {

constexpr std::string_view kExpected =
    "expected e.g. \"15 วัน\", \"15 วันทำการ\", P15D, \"ตลอดปีงบประมาณ\", \"สิงหาคม\", "
    "\"ตุลาคม - กุมภาพันธ์\", \"ภายในเดือนธันวาคม ของทุกปี\", \"พฤศจิกายน ทุก 6 เดือน\" or \"none\"";

constexpr std::string_view kNoMonthNumbers =
    "month numbers are not accepted (a calendar or a fiscal month?): write the month's name "
    "(สิงหาคม, ส.ค., Aug) or 'fiscal month 11' / 'เดือนที่ 11 ของปีงบประมาณ' (1 = ตุลาคม)";

// No timing in the manual runs for centuries; capping every number while reading it and
// every total after keeps the int fields and the calendar arithmetic far from overflow.
constexpr long long kMaxNumber = 1'000'000'000;
constexpr long long kMaxTotalDays = 1000LL * 366;

enum class T {
  kEnd,
  kNumber,          // number
  kIso,             // iso
  kMonth,           // month (calendar)
  kUnit,            // unit
  kDash,            // - – — ถึง to through
  kComma,
  kSlash,
  kLParen,
  kRParen,
  kFiscalYearLong,  // ตลอดปีงบประมาณ, fiscal-year-end, throughout the fiscal year
  kYearLong,        // ตลอดปี, throughout the year
  kNoDeadline,      // ตลอดเวลา, none
  kBy,              // ภายในเดือน, by, by end of
  kWithin,          // ภายใน, within
  kOf,              // ของ, of
  kFiscalYear,      // ปีงบประมาณ, fiscal year
  kEvery,           // ทุก, every, each
  kFrom,            // ตั้งแต่, เริ่ม, from, starting
  kAnd,             // และ, and
  kAtLeast,         // อย่างน้อย, at least
  kPerWeek,         // สัปดาห์ละ, ต่อสัปดาห์, a week, per week
  kTimes,           // ครั้ง, time(s)
  kOnce,            // once
  kWeekly,          // weekly
  kNotBefore,       // ไม่ก่อน, not before
  kDayOrdinal,      // วันที่ (a filler before a day number)
  kMonthOrdinal,    // เดือนที่ (needs ของปีงบประมาณ)
  kFiscalMonth,     // fiscal month
  kFiscalMonths,    // fiscal months (a checkpoint list)
  kIn,              // ใน, ในเดือน, in
};

enum class U { kYears, kMonths, kWeeks, kDays, kWorkingDays, kHours, kMinutes, kSeconds };

struct Token {
  T kind = T::kEnd;
  long long number = 0;
  unsigned month = 0;
  U unit = U::kDays;
  Duration iso;
  std::string_view text;  // as written
};

struct Word {
  std::string_view text;
  T kind;
  U unit = U::kDays;
};

// Thai words match as prefixes, longest first; month names are added from month_names.
constexpr Word kThaiWords[] = {
    {"วันทำการ", T::kUnit, U::kWorkingDays},
    {"วันที่", T::kDayOrdinal},
    {"วัน", T::kUnit, U::kDays},
    {"สัปดาห์ละ", T::kPerWeek},
    {"ต่อสัปดาห์", T::kPerWeek},
    {"สัปดาห์", T::kUnit, U::kWeeks},
    {"เดือนที่", T::kMonthOrdinal},
    {"เดือน", T::kUnit, U::kMonths},
    {"ปีงบประมาณ", T::kFiscalYear},
    {"ปี", T::kUnit, U::kYears},
    {"ชั่วโมง", T::kUnit, U::kHours},
    {"ช่ัวโมง", T::kUnit, U::kHours},  // tone mark typed before the vowel; renders the same
    {"นาที", T::kUnit, U::kMinutes},
    {"วินาที", T::kUnit, U::kSeconds},
    {"ตลอดปีงบประมาณ", T::kFiscalYearLong},
    {"ตลอดปี", T::kYearLong},
    {"ตลอดเวลา", T::kNoDeadline},
    {"ภายในเดือน", T::kBy},
    {"ภายใน", T::kWithin},
    {"ของ", T::kOf},
    {"ทุก", T::kEvery},
    {"ตั้งแต่", T::kFrom},
    {"เริ่มตั้งแต่", T::kFrom},
    {"เริ่ม", T::kFrom},
    {"และ", T::kAnd},
    {"อย่างน้อย", T::kAtLeast},
    {"ครั้ง", T::kTimes},
    {"ไม่ก่อน", T::kNotBefore},
    {"ถึง", T::kDash},
    {"ในเดือน", T::kIn},
    {"ใน", T::kIn},
    // Spellings seen in typed documents.
    {"ตลอดปีงบฯ", T::kFiscalYearLong},
    {"ปีงบฯ", T::kFiscalYear},
    {"ทุกๆ", T::kEvery},
    {"ทุก ๆ", T::kEvery},
    {"ภายในวันที่", T::kBy},  // only so the error below can explain it
};

// English phrases: lower-case words, "the" already dropped. Longest phrase first.
struct Phrase {
  std::array<std::string_view, 3> words;
  int size;
  T kind;
  U unit = U::kDays;
};

constexpr Phrase kEnglishPhrases[] = {
    {{"throughout", "fiscal", "year"}, 3, T::kFiscalYearLong},
    {{"fiscal", "year", "end"}, 3, T::kFiscalYearLong},
    {{"by", "end", "of"}, 3, T::kBy},
    {{"throughout", "year"}, 2, T::kYearLong},
    {{"fiscal", "year"}, 2, T::kFiscalYear},
    {{"fiscal", "months"}, 2, T::kFiscalMonths},
    {{"fiscal", "month"}, 2, T::kFiscalMonth},
    {{"at", "least"}, 2, T::kAtLeast},
    {{"a", "week"}, 2, T::kPerWeek},
    {{"per", "week"}, 2, T::kPerWeek},
    {{"not", "before"}, 2, T::kNotBefore},
    {{"starting", "from"}, 2, T::kFrom},
    {{"working", "days"}, 2, T::kUnit, U::kWorkingDays},
    {{"working", "day"}, 2, T::kUnit, U::kWorkingDays},
    {{"business", "days"}, 2, T::kUnit, U::kWorkingDays},
    {{"business", "day"}, 2, T::kUnit, U::kWorkingDays},
    {{"none"}, 1, T::kNoDeadline},
    {{"by"}, 1, T::kBy},
    {{"within"}, 1, T::kWithin},
    {{"of"}, 1, T::kOf},
    {{"every"}, 1, T::kEvery},
    {{"each"}, 1, T::kEvery},
    {{"from"}, 1, T::kFrom},
    {{"starting"}, 1, T::kFrom},
    {{"and"}, 1, T::kAnd},
    {{"times"}, 1, T::kTimes},
    {{"time"}, 1, T::kTimes},
    {{"once"}, 1, T::kOnce},
    {{"weekly"}, 1, T::kWeekly},
    {{"in"}, 1, T::kIn},
    {{"to"}, 1, T::kDash},
    {{"through"}, 1, T::kDash},
    {{"day"}, 1, T::kUnit, U::kDays},
    {{"days"}, 1, T::kUnit, U::kDays},
    {{"week"}, 1, T::kUnit, U::kWeeks},
    {{"weeks"}, 1, T::kUnit, U::kWeeks},
    {{"month"}, 1, T::kUnit, U::kMonths},
    {{"months"}, 1, T::kUnit, U::kMonths},
    {{"year"}, 1, T::kUnit, U::kYears},
    {{"years"}, 1, T::kUnit, U::kYears},
    {{"hour"}, 1, T::kUnit, U::kHours},
    {{"hours"}, 1, T::kUnit, U::kHours},
    {{"minute"}, 1, T::kUnit, U::kMinutes},
    {{"minutes"}, 1, T::kUnit, U::kMinutes},
    {{"second"}, 1, T::kUnit, U::kSeconds},
    {{"seconds"}, 1, T::kUnit, U::kSeconds},
};

// Words that mark text as being about time; a Thai sentence without any of them (and
// without digits) is an outcome, not a timing (K18).
constexpr std::string_view kTimeWords[] = {
    "วัน", "เดือน", "ปี", "นาที", "ชั่วโมง", "ช่ัวโมง", "สัปดาห์", "วินาที",
    "ตลอด", "ภายใน", "ทุก", "ไม่ก่อน", "ครั้ง"};

std::string_view UnitWord(U u) {
  switch (u) {
    case U::kYears: return "ปี";
    case U::kMonths: return "เดือน";
    case U::kWeeks: return "สัปดาห์";
    case U::kDays: return "วัน";
    case U::kWorkingDays: return "วันทำการ";
    case U::kHours: return "ชั่วโมง";
    case U::kMinutes: return "นาที";
    case U::kSeconds: return "วินาที";
  }
  return "";
}

Status TimeError(std::string_view text, std::string_view reason) {
  return Status::Invalid("'" + std::string(text) + "' is not a time expression: " +
                         std::string(reason));
}

// Whitespace people paste from documents: ASCII, no-break space, zero-width space.
std::size_t SpaceAt(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (IsSpace(s[i])) return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\x8B") return 3;
  return 0;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The code points of `s`, for edit distances; a malformed byte stands for itself.
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const DecodedCodePoint d = DecodeAt(s, i);
    out.push_back(d.length == 0 ? static_cast<unsigned char>(s[i]) : d.value);
    i += d.length == 0 ? 1 : d.length;
  }
  return out;
}

// Levenshtein distance, or `bound` once it is certain to be at least that (every cell of a
// row at or above it): Suggest only cares about distances below its threshold.
std::size_t EditDistance(const std::vector<char32_t>& a, const std::vector<char32_t>& b,
                         std::size_t bound) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min(std::min(row[j], row[j - 1]) + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1));
      row_min = std::min(row_min, row[j]);
      diag = up;
    }
    if (row_min >= bound) return bound;
  }
  return row[b.size()];
}

// A word "did you mean" may offer, as code points; `folded` ones are compared with the
// chunk in lower case.
struct Candidate {
  std::string_view text;
  std::vector<char32_t> points;
  bool folded;
};

// Built once: the candidates do not change, and Suggest runs on every unreadable chunk.
const std::vector<Candidate>& Candidates() {
  static const std::vector<Candidate> all = [] {
    std::vector<Candidate> out;
    for (const Word& w : kThaiWords) out.push_back({w.text, CodePoints(w.text), false});
    for (const MonthName& m : ThaiMonthNames()) out.push_back({m.text, CodePoints(m.text), false});
    for (const MonthName& m : EnglishMonthNames()) out.push_back({m.text, CodePoints(m.text), true});
    for (const Phrase& p : kEnglishPhrases) {
      if (p.size == 1) out.push_back({p.words[0], CodePoints(p.words[0]), true});
    }
    return out;
  }();
  return all;
}

// The closest known word to an unreadable chunk, for "did you mean"; empty if none is close.
std::string Suggest(std::string_view chunk) {
  std::vector<char32_t> c = CodePoints(chunk);
  if (c.size() < 3) return "";
  std::string lower;
  for (char ch : chunk) lower.push_back(Lower(ch));
  std::vector<char32_t> cl = CodePoints(lower);
  std::string best;
  std::size_t best_d = c.size() >= 6 ? 3 : 2;  // strictly less than this
  for (const Candidate& w : Candidates()) {
    const std::vector<char32_t>& against = w.folded ? cl : c;
    // The distance is at least the difference in length: a chunk far longer than every
    // known word (a paragraph pasted without spaces) costs one comparison per word, not a
    // table of chunk x word cells.
    std::size_t gap = against.size() > w.points.size() ? against.size() - w.points.size()
                                                        : w.points.size() - against.size();
    if (gap >= best_d) continue;
    std::size_t d = EditDistance(against, w.points, best_d);
    if (d < best_d) {
      best_d = d;
      best = std::string(w.text);
    }
  }
  // English month names read better capitalised: "October".
  if (!best.empty() && best[0] >= 'a' && best[0] <= 'z' && MonthFromName(best) != 0) {
    best[0] = static_cast<char>(best[0] - 'a' + 'A');
  }
  return best;
}

// ---- ISO-8601 durations -----------------------------------------------------------

// "P1Y2M3DT4H5M6S", "P2W". Designators come in ISO order, each at most once.
Status ParseIsoDuration(std::string_view text, std::string_view s, Duration* out) {
  s.remove_prefix(1);  // 'P'
  bool in_time = false, any = false, any_time = false;
  int last = -1;
  long long years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, secs = 0;
  while (!s.empty()) {
    if (s[0] == 'T' || s[0] == 't') {
      if (in_time) return TimeError(text, "'T' appears twice in the ISO duration");
      in_time = true;
      last = -1;
      s.remove_prefix(1);
      continue;
    }
    long long n = 0;
    bool found = false;
    while (!s.empty() && IsAsciiDigit(s[0])) {
      found = true;
      n = n * 10 + (s[0] - '0');
      if (n > kMaxNumber) return TimeError(text, "the number is too large");
      s.remove_prefix(1);
    }
    if (!found) return TimeError(text, "in an ISO duration a number must come before each designator");
    if (!s.empty() && (s[0] == '.' || s[0] == ',')) {
      return TimeError(text, "fractions are not accepted; use a smaller unit (PT90M, not PT1.5H)");
    }
    if (s.empty()) return TimeError(text, "the last number has no designator (Y, M, W, D, H or S)");
    char unit = static_cast<char>(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 'a' + 'A' : s[0]);
    s.remove_prefix(1);
    std::string_view order = in_time ? "HMS" : "YMWD";
    std::size_t index = order.find(unit);
    if (index == std::string_view::npos) {
      return TimeError(text, in_time ? "after 'T' only H, M and S may follow a number"
                                     : "before 'T' only Y, M, W and D may follow a number");
    }
    if (static_cast<int>(index) <= last) {
      return TimeError(text, "ISO designators must appear once each, in the order Y M W D T H M S");
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
  if (in_time && !any_time) return TimeError(text, "'T' must be followed by hours, minutes or seconds");
  if (!any) return TimeError(text, "an ISO duration needs at least one component (P15D, PT5M)");
  long long total_days = years * 366 + months * 31 + weeks * 7 + days +
                         (hours * 3600 + minutes * 60 + secs) / 86400;
  if (total_days > kMaxTotalDays) return TimeError(text, "the duration is longer than 1000 years");
  out->years = static_cast<int>(years);
  out->months = static_cast<int>(months);
  out->days = static_cast<int>(weeks * 7 + days);
  out->seconds = hours * 3600 + minutes * 60 + secs;
  return Status::Ok();
}

// ---- Scanner ------------------------------------------------------------------------

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  Status Scan(std::vector<Token>* out) {
    std::size_t i = 0;
    while (true) {
      while (std::size_t n = SpaceAt(text_, i)) i += n;
      if (i >= text_.size()) break;
      Token t;
      std::size_t start = i;
      KRABUAN_RETURN_IF_ERROR(One(&i, &t));
      t.text = text_.substr(start, i - start);
      out->push_back(t);
    }
    DropMonthWordBeforeName(out);
    return Status::Ok();
  }

 private:
  Status One(std::size_t* pos, Token* t) {
    std::size_t i = *pos;
    std::string_view rest = text_.substr(i);
    int digit = 0;
    if (DigitAt(rest, &digit) > 0) {
      long long v = 0;
      while (std::size_t n = DigitAt(text_.substr(i), &digit)) {
        v = v * 10 + digit;
        if (v > kMaxNumber) return TimeError(text_, "the number is too large");
        i += n;
      }
      if (i < text_.size() && text_[i] == '.' && DigitAt(text_.substr(i + 1), &digit) > 0) {
        return TimeError(text_, "fractions are not accepted; use a smaller unit (90 นาที, not 1.5 ชั่วโมง)");
      }
      t->kind = T::kNumber;
      t->number = v;
      *pos = i;
      return Status::Ok();
    }
    switch (rest[0]) {
      case '-': t->kind = T::kDash; *pos = i + 1; return Status::Ok();
      case ',': t->kind = T::kComma; *pos = i + 1; return Status::Ok();
      case '/': t->kind = T::kSlash; *pos = i + 1; return Status::Ok();
      case '(': t->kind = T::kLParen; *pos = i + 1; return Status::Ok();
      case ')': t->kind = T::kRParen; *pos = i + 1; return Status::Ok();
      default: break;
    }
    if (rest.starts_with("\xE2\x80\x93") || rest.starts_with("\xE2\x80\x94")) {  // – —
      t->kind = T::kDash;
      *pos = i + 3;
      return Status::Ok();
    }
    if (IsAsciiLetter(rest[0])) return English(pos, t);
    return Thai(pos, t);
  }

  Status English(std::size_t* pos, Token* t) {
    std::size_t i = *pos;
    std::string_view rest = text_.substr(i);
    constexpr std::string_view kFye = "fiscal-year-end";
    if (rest.size() >= kFye.size() && EqualsIgnoreCase(rest.substr(0, kFye.size()), kFye) &&
        (rest.size() == kFye.size() || !IsAsciiLetter(rest[kFye.size()]))) {
      t->kind = T::kFiscalYearLong;
      *pos = i + kFye.size();
      return Status::Ok();
    }
    if ((rest[0] == 'P' || rest[0] == 'p') && rest.size() > 1 &&
        (IsAsciiDigit(rest[1]) || rest[1] == 'T' || rest[1] == 't')) {
      std::size_t j = 1;
      while (j < rest.size() && (IsAsciiLetter(rest[j]) || IsAsciiDigit(rest[j]) ||
                                 ((rest[j] == '.' || rest[j] == ',') && j + 1 < rest.size() &&
                                  IsAsciiDigit(rest[j + 1])))) {
        ++j;
      }
      KRABUAN_RETURN_IF_ERROR(ParseIsoDuration(text_, rest.substr(0, j), &t->iso));
      t->kind = T::kIso;
      *pos = i + j;
      return Status::Ok();
    }
    // Up to three words ahead, lower case, "the" dropped; a phrase must match whole words.
    std::vector<std::string> words;
    std::vector<std::size_t> ends;
    std::size_t j = i;
    while (words.size() < 3) {
      std::size_t k = j;
      while (k < text_.size() && IsAsciiLetter(text_[k])) ++k;
      if (k == j) break;
      std::string w;
      for (std::size_t m = j; m < k; ++m) w.push_back(Lower(text_[m]));
      // "Oct." / "Sept." : a dot ends an abbreviation.
      if (k < text_.size() && text_[k] == '.' && MonthFromName(w) != 0) ++k;
      if (w != "the") {
        words.push_back(w);
        ends.push_back(k);
      } else if (words.empty()) {
        ends.clear();
      }
      j = k;
      std::size_t sp = j;
      while (std::size_t n = SpaceAt(text_, sp)) sp += n;
      if (sp == j || sp >= text_.size() || !IsAsciiLetter(text_[sp])) break;
      j = sp;
    }
    if (words.empty()) return Unreadable(i);  // "the" with nothing after it
    for (const Phrase& p : kEnglishPhrases) {
      if (p.size > static_cast<int>(words.size())) continue;
      bool match = true;
      for (int k = 0; k < p.size && match; ++k) match = words[k] == p.words[k];
      if (!match) continue;
      t->kind = p.kind;
      t->unit = p.unit;
      *pos = ends[p.size - 1];
      return Status::Ok();
    }
    if (unsigned m = MonthFromName(words[0])) {
      t->kind = T::kMonth;
      t->month = m;
      *pos = ends[0];
      return Status::Ok();
    }
    return Unreadable(i);
  }

  Status Thai(std::size_t* pos, Token* t) {
    std::size_t i = *pos;
    std::string_view rest = text_.substr(i);
    std::size_t best = 0;
    for (const Word& w : kThaiWords) {
      if (w.text.size() > best && rest.starts_with(w.text)) {
        best = w.text.size();
        t->kind = w.kind;
        t->unit = w.unit;
      }
    }
    for (const MonthName& m : ThaiMonthNames()) {
      if (m.text.size() > best && rest.starts_with(m.text)) {
        best = m.text.size();
        t->kind = T::kMonth;
        t->month = m.month;
      }
    }
    if (best == 0) return Unreadable(i);
    if (rest.substr(0, best) == "ภายในวันที่") {
      return TimeError(text_, "a deadline on a day ('ภายในวันที่ …') is not supported; write "
                              "'ภายในเดือน <month>' (by the month's last day)");
    }
    *pos = i + best;
    return Status::Ok();
  }

  // The whitespace-delimited chunk around byte i, quoted, with a hint when one fits.
  Status Unreadable(std::size_t i) const {
    std::size_t b = i, e = i;
    while (b > 0 && !IsSpace(text_[b - 1])) --b;
    while (e < text_.size() && !IsSpace(text_[e])) ++e;
    std::string_view chunk = text_.substr(b, e - b);
    std::string msg = "cannot read '" + std::string(chunk) + "'";
    if (chunk.find("วันทำ") != std::string_view::npos) {
      msg += " (for working days write 'วันทำการ', e.g. '15 วันทำการ')";
    } else if (std::string s = Suggest(text_.substr(i, e - i)); !s.empty()) {
      msg += " (did you mean '" + s + "'?)";
    } else if (std::string s2 = Suggest(chunk); !s2.empty()) {
      msg += " (did you mean '" + s2 + "'?)";
    }
    return TimeError(text_, msg + "; " + std::string(kExpected));
  }

  // "เดือนสิงหาคม" is just "สิงหาคม": drop a bare "เดือน" right before a month name
  // (never one that counts: "2 เดือน").
  static void DropMonthWordBeforeName(std::vector<Token>* tokens) {
    std::vector<Token> out;
    for (std::size_t k = 0; k < tokens->size(); ++k) {
      const Token& t = (*tokens)[k];
      bool counted = k > 0 && ((*tokens)[k - 1].kind == T::kNumber);
      if (t.kind == T::kUnit && t.unit == U::kMonths && !counted && k + 1 < tokens->size() &&
          (*tokens)[k + 1].kind == T::kMonth) {
        continue;
      }
      out.push_back(t);
    }
    *tokens = std::move(out);
  }

  std::string_view text_;
};

// ---- Parser -------------------------------------------------------------------------

enum class YearSuffix { kNone, kOfYear, kOfFiscalYear, kEveryYear };

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  Status Parse(TimeSpec* s) {
    const Token& t = Peek();
    switch (t.kind) {
      case T::kEnd:
        s->kind = TimeSpec::Kind::kNone;
        return Status::Ok();
      case T::kNoDeadline:
        Next();
        s->kind = TimeSpec::Kind::kNone;
        return ExpectEnd("after '" + std::string(t.text) + "' (no deadline)");
      case T::kYearLong:
        Next();
        s->kind = TimeSpec::Kind::kFiscalYearEnd;
        s->year_long = true;
        return ExpectEnd("after '" + std::string(t.text) + "'");
      case T::kFiscalYearLong:
        Next();
        s->kind = TimeSpec::Kind::kFiscalYearEnd;
        if (AtEnd()) return Status::Ok();
        Accept(T::kComma);
        return ParseWeekly(s, /*within_fiscal_year=*/true);
      case T::kNumber:
      case T::kIso:
        return ParseDurationLed(s);
      case T::kWithin:
        Next();
        if (IsMonthStart(Peek())) return ParseDeadline(s);
        if (Peek().kind != T::kNumber && Peek().kind != T::kIso) {
          return Fail("after '" + std::string(t.text) + "' expected a duration ('ภายใน 15 วัน') or a month, found " +
                      Describe(Peek()));
        }
        return ParseDurationLed(s);
      case T::kBy:
        Next();
        return ParseDeadline(s);
      case T::kMonth:
      case T::kMonthOrdinal:
      case T::kFiscalMonth:
        return ParseMonthLed(s);
      case T::kEvery:
        Next();
        return ParseEvery(s);
      case T::kFiscalMonths:
        Next();
        return ParseCheckpointList(s);
      case T::kAtLeast:
      case T::kPerWeek:
      case T::kWeekly:
        return ParseWeekly(s, false);
      case T::kNotBefore:
        Next();
        return ParseNotBefore(s);
      case T::kDash:
        return Fail("a month must come before '" + std::string(t.text) + "'; " + std::string(kExpected));
      case T::kComma:
        return Fail("a window must come before ','");
      default:
        return Fail("it cannot start with " + Describe(t) + "; " + std::string(kExpected));
    }
  }

 private:
  // ---- cursor
  const Token& Peek(std::size_t ahead = 0) const {
    static const Token kEndToken;
    return pos_ + ahead < tokens_.size() ? tokens_[pos_ + ahead] : kEndToken;
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ < tokens_.size()) ++pos_;
    return t;
  }
  bool AtEnd() const { return pos_ >= tokens_.size(); }
  bool Accept(T kind) {
    if (Peek().kind != kind) return false;
    Next();
    return true;
  }
  static bool IsMonthStart(const Token& t) {
    return t.kind == T::kMonth || t.kind == T::kMonthOrdinal || t.kind == T::kFiscalMonth;
  }
  bool IsEveryYear(std::size_t ahead = 0) const {
    return Peek(ahead).kind == T::kEvery && Peek(ahead + 1).kind == T::kUnit &&
           Peek(ahead + 1).unit == U::kYears;
  }

  Status Fail(std::string_view reason) const { return TimeError(text_, reason); }
  std::string Describe(const Token& t) const {
    return t.kind == T::kEnd ? "the end" : "'" + std::string(t.text) + "'";
  }
  Status ExpectEnd(std::string_view where) const {
    if (AtEnd()) return Status::Ok();
    return Fail("unexpected " + Describe(Peek()) + " " + std::string(where));
  }

  // ---- pieces

  // A number that should have been followed by a unit, explained by what follows it.
  Status NumberWithoutUnit(const Token& number) const {
    const Token& after = Peek();
    std::string n(number.text);
    switch (after.kind) {
      case T::kEnd:
        return Fail("the number " + n + " has no unit (e.g. '15 วัน', '2 เดือน', '15 วันทำการ'); " +
                    std::string(kNoMonthNumbers));
      case T::kDash:
      case T::kComma:
      case T::kSlash:
      case T::kNumber:
        return Fail(kNoMonthNumbers);
      case T::kMonth:
        return Fail("a day of a month ('" + n + " " + std::string(after.text) +
                    "') is only accepted after 'ไม่ก่อน' / 'not before'");
      default:
        return Fail("expected a unit after " + n +
                    " (วัน, วันทำการ, สัปดาห์, เดือน, ปี, ชั่วโมง, นาที or days, working days, "
                    "weeks, months, years, hours, minutes), found " + Describe(after));
    }
  }

  // One ISO token, or one or more "N unit" pairs.
  Status ParseDuration(Duration* d) {
    if (Peek().kind == T::kIso) {
      *d = Next().iso;
      if (Peek().kind == T::kNumber || Peek().kind == T::kIso) {
        return Fail("an ISO duration cannot be combined with another duration");
      }
      return Status::Ok();
    }
    bool seen[8] = {};
    long long years = 0, months = 0, days = 0, working = 0, seconds = 0;
    bool any = false;
    while (Peek().kind == T::kNumber) {
      const Token& number = Next();
      long long n = number.number;
      if (Peek().kind == T::kComma && Peek(1).kind == T::kNumber && Peek(2).kind == T::kUnit) {
        return Fail("fractions are not accepted; use a smaller unit (90 นาที, not 1,5 ชั่วโมง)");
      }
      if (Peek().kind != T::kUnit) return NumberWithoutUnit(number);
      U u = Next().unit;
      int index = static_cast<int>(u);
      if (seen[index]) return Fail("the unit '" + std::string(UnitWord(u)) + "' appears twice");
      seen[index] = true;
      switch (u) {
        case U::kYears: years = n; break;
        case U::kMonths: months = n; break;
        case U::kWeeks: days += n * 7; break;
        case U::kDays: days += n; break;
        case U::kWorkingDays: working = n; break;
        case U::kHours: seconds += n * 3600; break;
        case U::kMinutes: seconds += n * 60; break;
        case U::kSeconds: seconds += n; break;
      }
      any = true;
    }
    if (!any) return Fail("expected a duration, found " + Describe(Peek()));
    if (seen[static_cast<int>(U::kWorkingDays)]) {
      if (years || months || days || seconds || seen[static_cast<int>(U::kDays)] ||
          seen[static_cast<int>(U::kWeeks)] || seen[static_cast<int>(U::kYears)] ||
          seen[static_cast<int>(U::kMonths)]) {
        return Fail("working days (วันทำการ) cannot be combined with other units");
      }
      if (working == 0) return Fail("a count of working days must be at least 1");
    }
    long long total_days = years * 366 + months * 31 + days + working * 2 + seconds / 86400;
    if (total_days > kMaxTotalDays) return Fail("the duration is longer than 1000 years");
    d->years = static_cast<int>(years);
    d->months = static_cast<int>(months);
    d->days = static_cast<int>(days);
    d->working_days = static_cast<int>(working);
    d->seconds = seconds;
    return Status::Ok();
  }

  Status ExpectNumber(std::string_view what, long long* n) {
    if (Peek().kind != T::kNumber) return Fail("expected " + std::string(what) + ", found " + Describe(Peek()));
    *n = Next().number;
    return Status::Ok();
  }

  // A month name, "fiscal month N" or "เดือนที่ N ของปีงบประมาณ"; sets a calendar month.
  Status ParseMonthRef(unsigned* month) {
    const Token& t = Peek();
    switch (t.kind) {
      case T::kMonth:
        Next();
        *month = t.month;
        return Status::Ok();
      case T::kFiscalMonth:
      case T::kMonthOrdinal: {
        Next();
        long long n = 0;
        KRABUAN_RETURN_IF_ERROR(ExpectNumber("a fiscal month number (1 = ตุลาคม … 12 = กันยายน)", &n));
        if (n < 1 || n > 12) {
          return Fail("fiscal month " + std::to_string(n) + " does not exist (1 = ตุลาคม … 12 = กันยายน)");
        }
        if (t.kind == T::kMonthOrdinal) {
          if (!(Peek().kind == T::kOf && Peek(1).kind == T::kFiscalYear)) {
            return Fail("write 'เดือนที่ " + std::to_string(n) +
                        " ของปีงบประมาณ': a month number must say it counts months of the fiscal "
                        "year (1 = ตุลาคม); calendar month numbers are not accepted");
          }
          Next();
          Next();
        }
        *month = CalendarMonthOfFiscal(static_cast<unsigned>(n));
        return Status::Ok();
      }
      case T::kNumber:
        if (t.number >= 1000) {
          return Fail("a year ('" + std::string(t.text) + "') is not part of a timing: the instance's "
                      "fiscal year decides it (rule 5.4)");
        }
        return Fail(kNoMonthNumbers);
      default:
        return Fail("expected a month name (e.g. ตุลาคม, ต.ค., October), found " + Describe(t));
    }
  }

  Status ParseSpan(MonthSpan* span) {
    if (Peek().kind == T::kDash) {
      return Fail("a month must come before '" + std::string(Peek().text) + "'");
    }
    KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&span->first));
    span->last = span->first;
    if (Peek().kind == T::kDash) {
      std::string dash(Next().text);
      const Token& after = Peek();
      if (after.kind == T::kEnd || after.kind == T::kComma || after.kind == T::kRParen ||
          after.kind == T::kDash) {
        return Fail("a month must follow '" + dash + "' (e.g. 'ตุลาคม - กุมภาพันธ์'), found " + Describe(after));
      }
      KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&span->last));
    }
    return Status::Ok();
  }

  // One or more spans, separated by spaces or commas.
  Status ParseSpans(std::vector<MonthSpan>* out) {
    while (true) {
      if (Peek().kind == T::kComma) {
        return Fail(out->empty() ? "a window must come before ','" : "an empty window between two ','");
      }
      MonthSpan span;
      KRABUAN_RETURN_IF_ERROR(ParseSpan(&span));
      out->push_back(span);
      if (Peek().kind == T::kComma || Peek().kind == T::kAnd) {
        std::string sep(Next().text);
        if (Peek().kind == T::kComma || Peek().kind == T::kAnd) {
          return Fail("an empty window between '" + sep + "' and '" + std::string(Peek().text) + "'");
        }
        if (AtEnd() || Peek().kind == T::kRParen) return Fail("a window must follow '" + sep + "'");
        continue;
      }
      // Another span follows a space; a number is a (refused) month number unless it
      // starts a duration, which the caller explains.
      if (IsMonthStart(Peek()) || Peek().kind == T::kDash ||
          (Peek().kind == T::kNumber && Peek(1).kind != T::kUnit)) {
        continue;
      }
      break;
    }
    return CheckNoOverlap(*out);
  }

  static unsigned Mask(MonthSpan s) {
    unsigned mask = 0;
    for (unsigned m = s.first;; m = m % 12 + 1) {
      mask |= 1u << m;
      if (m == s.last) break;
    }
    return mask;
  }

  Status CheckNoOverlap(const std::vector<MonthSpan>& spans) const {
    for (std::size_t a = 0; a < spans.size(); ++a) {
      for (std::size_t b = a + 1; b < spans.size(); ++b) {
        if (Mask(spans[a]) & Mask(spans[b])) {
          return Fail("the windows " + SpanText(spans[a]) + " and " + SpanText(spans[b]) +
                      " overlap; list each month once");
        }
      }
    }
    return Status::Ok();
  }

  static std::string SpanText(MonthSpan s) {
    std::string out(ThaiMonthName(s.first));
    if (s.last != s.first) out += "-" + std::string(ThaiMonthName(s.last));
    return "'" + out + "'";
  }

  YearSuffix ParseYearSuffix(Status* st) {
    if (Peek().kind == T::kOf) {
      if (Peek(1).kind == T::kFiscalYear) {
        Next();
        Next();
        return YearSuffix::kOfFiscalYear;
      }
      if (Peek(1).kind == T::kUnit && Peek(1).unit == U::kYears) {
        Next();
        Next();
        return YearSuffix::kOfYear;
      }
      if (IsEveryYear(1)) {
        Next();
        Next();
        Next();
        return YearSuffix::kEveryYear;
      }
      Next();
      *st = Fail("after '" + std::string(tokens_[pos_ - 1].text) +
                 "' expected 'ปี', 'ปีงบประมาณ' or 'ทุกปี' (year, fiscal year, every year), found " +
                 Describe(Peek()));
      return YearSuffix::kNone;
    }
    if (IsEveryYear()) {
      Next();
      Next();
      return YearSuffix::kEveryYear;
    }
    return YearSuffix::kNone;
  }

  // ---- forms

  Status ParseDurationLed(TimeSpec* s) {
    KRABUAN_RETURN_IF_ERROR(ParseDuration(&s->duration));
    if (AtEnd()) {
      s->kind = TimeSpec::Kind::kDuration;
      return Status::Ok();
    }
    const Token& t = Peek();
    if (t.kind == T::kBy || (t.kind == T::kWithin && IsMonthStart(Peek(1)))) {
      Next();
      KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&s->month));
      Status st;
      YearSuffix suffix = ParseYearSuffix(&st);
      KRABUAN_RETURN_IF_ERROR(st);
      s->kind = TimeSpec::Kind::kDurationWithin;
      s->yearly = suffix == YearSuffix::kEveryYear;
      return ExpectEnd("after the deadline month");
    }
    if (t.kind == T::kLParen || t.kind == T::kIn) {
      bool paren = t.kind == T::kLParen;
      Next();
      KRABUAN_RETURN_IF_ERROR(ParseSpans(&s->windows));
      Status st;
      ParseYearSuffix(&st);  // windows repeat every year by nature
      KRABUAN_RETURN_IF_ERROR(st);
      if (paren && !Accept(T::kRParen)) {
        return Fail("expected ')' to close '(', found " + Describe(Peek()));
      }
      s->kind = TimeSpec::Kind::kDurationWithin;
      return ExpectEnd("after the month");
    }
    if (t.kind == T::kNumber || t.kind == T::kIso) {
      return Fail("an ISO duration cannot be combined with another duration");
    }
    return Fail("unexpected " + Describe(t) +
                " after the duration; expected the end, 'ภายในเดือน <month>' / 'by <month>' or "
                "'(<month>)' / 'in <month>'");
  }

  Status ParseDeadline(TimeSpec* s) {
    if (Peek().kind == T::kNumber && Peek(1).kind == T::kUnit) {
      return Fail("'ภายในเดือน' / 'by' takes a month; for a duration write e.g. '15 วัน' or 'ภายใน 15 วัน'");
    }
    KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&s->month));
    Status st;
    YearSuffix suffix = ParseYearSuffix(&st);
    KRABUAN_RETURN_IF_ERROR(st);
    s->kind = suffix == YearSuffix::kEveryYear ? TimeSpec::Kind::kYearlyDeadline
                                               : TimeSpec::Kind::kMonthDeadline;
    return ExpectEnd("after the deadline month");
  }

  Status ParseMonthLed(TimeSpec* s) {
    KRABUAN_RETURN_IF_ERROR(ParseSpans(&s->windows));
    if (Peek().kind == T::kEvery && Peek(1).kind == T::kNumber) {
      // K14: "พฤศจิกายน ทุก 6 เดือน".
      if (s->windows.size() != 1 || s->windows[0].first != s->windows[0].last) {
        return Fail("'every N months' needs exactly one start month, e.g. 'พฤศจิกายน ทุก 6 เดือน'");
      }
      unsigned start = s->windows[0].first;
      s->windows.clear();
      Next();
      long long n = Next().number;
      if (!(Peek().kind == T::kUnit && Peek().unit == U::kMonths)) {
        return Fail("after a month, 'ทุก N' / 'every N' must count months (เดือน), found " + Describe(Peek()));
      }
      Next();
      KRABUAN_RETURN_IF_ERROR(SetMonthsRecurrence(s, start, n));
      return ExpectEnd("after the recurrence");
    }
    Status st;
    ParseYearSuffix(&st);  // "สิงหาคม ของปี", "พฤษภาคม ของทุกปี": still the window
    KRABUAN_RETURN_IF_ERROR(st);
    s->kind = TimeSpec::Kind::kWindows;
    if (Peek().kind == T::kNumber && Peek(1).kind == T::kUnit) {
      return Fail("a duration comes before the month: e.g. '2 วัน (พฤษภาคม)' or '2 เดือน ภายในเดือนพฤศจิกายน'");
    }
    return ExpectEnd("after the months");
  }

  Status SetMonthsRecurrence(TimeSpec* s, unsigned start, long long period) {
    if (period < 1 || period > 12 || 12 % period != 0) {
      return Fail("the period of 'every N months' must be 1, 2, 3, 4, 6 or 12 so the months repeat "
                  "every year, not " + std::to_string(period));
    }
    s->kind = TimeSpec::Kind::kRecurrence;
    s->recurrence.kind = Recurrence::Kind::kMonths;
    s->recurrence.start_month = start;
    s->recurrence.period_months = static_cast<unsigned>(period);
    return Status::Ok();
  }

  // One number N means N, 2N, … 12 unless `literal` (the "fiscal months" list).
  Status SetCheckpoints(TimeSpec* s, const std::vector<long long>& numbers, bool literal = false) {
    std::vector<unsigned> months;
    if (numbers.size() == 1 && !literal) {
      long long n = numbers[0];
      if (n < 1 || n > 12 || 12 % n != 0) {
        return Fail("'every N months' without a start month counts fiscal checkpoints N, 2N, … 12, so N "
                    "must be 1, 2, 3, 4, 6 or 12; for another start write e.g. 'พฤศจิกายน ทุก 6 เดือน'");
      }
      for (long long m = n; m <= 12; m += n) months.push_back(static_cast<unsigned>(m));
    } else {
      for (long long n : numbers) {
        if (n < 1 || n > 12) {
          return Fail("checkpoint " + std::to_string(n) + " is not a month of the fiscal year (1 … 12)");
        }
        if (!months.empty() && static_cast<unsigned>(n) <= months.back()) {
          return Fail("list the checkpoint months once each, in increasing order (e.g. 3/6/9/12)");
        }
        months.push_back(static_cast<unsigned>(n));
      }
    }
    s->kind = TimeSpec::Kind::kRecurrence;
    s->recurrence.kind = Recurrence::Kind::kFiscalCheckpoints;
    s->recurrence.fiscal_months = std::move(months);
    return Status::Ok();
  }

  Status SetInterval(TimeSpec* s, long long n, U unit) {
    if (n < 1) return Fail("a repetition period must be at least 1");
    Duration d;
    switch (unit) {
      case U::kYears: d.years = static_cast<int>(n); break;
      case U::kWeeks: d.days = static_cast<int>(n * 7); break;
      case U::kDays: d.days = static_cast<int>(n); break;
      case U::kHours: d.seconds = n * 3600; break;
      case U::kMinutes: d.seconds = n * 60; break;
      case U::kSeconds: d.seconds = n; break;
      case U::kMonths:
      case U::kWorkingDays:
        return Fail("internal: unexpected unit");
    }
    if (n > 1000 * 366) return Fail("the period is longer than 1000 years");
    s->kind = TimeSpec::Kind::kRecurrence;
    s->recurrence.kind = Recurrence::Kind::kInterval;
    s->recurrence.period = d;
    return Status::Ok();
  }

  // After "ทุก" / "every".
  Status ParseEvery(TimeSpec* s) {
    const Token& t = Peek();
    if (t.kind == T::kUnit && t.unit == U::kYears) {  // ทุกปี [ใน] พฤษภาคม, every year in May
      Next();
      Accept(T::kIn);
      if (!IsMonthStart(Peek())) {
        return Fail("say in which month, e.g. 'ทุกปี พฤษภาคม' / 'every year in May', found " + Describe(Peek()));
      }
      unsigned m = 0;
      KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&m));
      KRABUAN_RETURN_IF_ERROR(SetMonthsRecurrence(s, m, 12));
      return ExpectEnd("after the month");
    }
    if (IsMonthStart(t)) {  // every May
      unsigned m = 0;
      KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&m));
      KRABUAN_RETURN_IF_ERROR(SetMonthsRecurrence(s, m, 12));
      return ExpectEnd("after the month");
    }
    if (t.kind == T::kUnit) {
      Next();
      switch (t.unit) {
        case U::kWeeks:  // ทุกสัปดาห์, every week
          s->kind = TimeSpec::Kind::kRecurrence;
          s->recurrence.kind = Recurrence::Kind::kWeekly;
          s->recurrence.min_per_week = 1;
          return ExpectEnd("after 'every week'");
        case U::kMonths:  // ทุกเดือน: fiscal checkpoints every month
          KRABUAN_RETURN_IF_ERROR(SetCheckpoints(s, {1}));
          return ExpectEnd("after 'every month'");
        case U::kWorkingDays:
          return Fail("repeating every N working days is not supported");
        default:
          KRABUAN_RETURN_IF_ERROR(SetInterval(s, 1, t.unit));
          return ExpectEnd("after the period");
      }
    }
    if (t.kind != T::kNumber) {
      return Fail("after '" + std::string(tokens_[pos_ - 1].text) +
                  "' expected a number, a month or a unit (e.g. 'ทุก 6 เดือน', 'ทุกปี พฤษภาคม'), found " +
                  Describe(t));
    }
    std::vector<long long> numbers{Next().number};
    while ((Peek().kind == T::kSlash || Peek().kind == T::kComma || Peek().kind == T::kAnd) &&
           Peek(1).kind == T::kNumber) {
      Next();
      numbers.push_back(Next().number);
    }
    if (Peek().kind != T::kUnit) {
      return Fail("expected a unit after the number (e.g. 'ทุก 6 เดือน', 'every 7 days'), found " + Describe(Peek()));
    }
    U unit = Next().unit;
    if (unit == U::kMonths) {
      if (Accept(T::kFrom) || IsMonthStart(Peek())) {
        if (numbers.size() != 1) return Fail("'from <month>' takes a single period, e.g. 'ทุก 6 เดือน ตั้งแต่พฤศจิกายน'");
        unsigned m = 0;
        KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&m));
        KRABUAN_RETURN_IF_ERROR(SetMonthsRecurrence(s, m, numbers[0]));
      } else {
        KRABUAN_RETURN_IF_ERROR(SetCheckpoints(s, numbers));
      }
      return ExpectEnd("after the recurrence");
    }
    if (numbers.size() != 1) {
      return Fail("a list of numbers ('3/6/9 และ 12') only counts months (fiscal checkpoints)");
    }
    if (unit == U::kWorkingDays) return Fail("repeating every N working days is not supported");
    KRABUAN_RETURN_IF_ERROR(SetInterval(s, numbers[0], unit));
    return ExpectEnd("after the period");
  }

  // After "fiscal months".
  Status ParseCheckpointList(TimeSpec* s) {
    std::vector<long long> numbers;
    while (true) {
      if (Peek().kind != T::kNumber) {
        return Fail("expected a fiscal month number (1 = ตุลาคม … 12 = กันยายน), found " + Describe(Peek()));
      }
      numbers.push_back(Next().number);
      if ((Peek().kind == T::kComma || Peek().kind == T::kSlash || Peek().kind == T::kAnd) &&
          Peek(1).kind == T::kNumber) {
        Next();
      }
      if (Peek().kind != T::kNumber) break;
    }
    if (Peek().kind == T::kOf && Peek(1).kind == T::kFiscalYear) {
      Next();
      Next();
    }
    KRABUAN_RETURN_IF_ERROR(SetCheckpoints(s, numbers, /*literal=*/true));
    return ExpectEnd("after the checkpoints");
  }

  Status ParseWeekly(TimeSpec* s, bool within_fiscal_year) {
    long long n = 0;
    if (Accept(T::kWeekly)) {
      n = 1;
    } else if (Peek().kind == T::kEvery && Peek(1).kind == T::kUnit && Peek(1).unit == U::kWeeks) {
      Next();
      Next();
      n = 1;
    } else {
      bool at_least = Accept(T::kAtLeast);
      if (Accept(T::kPerWeek)) {  // (อย่างน้อย) สัปดาห์ละ N ครั้ง
        KRABUAN_RETURN_IF_ERROR(ExpectNumber("how many times a week (e.g. 'สัปดาห์ละ 1 ครั้ง')", &n));
        if (!Accept(T::kTimes)) return Fail("expected 'ครั้ง' / 'times' after the number, found " + Describe(Peek()));
      } else if (at_least) {  // at least N times a week; อย่างน้อย N ครั้งต่อสัปดาห์
        if (Accept(T::kOnce)) {
          n = 1;
        } else {
          KRABUAN_RETURN_IF_ERROR(ExpectNumber("how many times a week (e.g. 'at least once a week')", &n));
          if (!Accept(T::kTimes)) return Fail("expected 'ครั้ง' / 'times' after the number, found " + Describe(Peek()));
        }
        if (!Accept(T::kPerWeek)) {
          return Fail("expected 'a week' / 'per week' / 'ต่อสัปดาห์', found " + Describe(Peek()));
        }
      } else {
        return Fail(within_fiscal_year
                        ? "after 'ตลอดปีงบประมาณ' expected the end or a weekly rule such as "
                          "'อย่างน้อยสัปดาห์ละ 1 ครั้ง', found " + Describe(Peek())
                        : "expected a weekly rule such as 'อย่างน้อยสัปดาห์ละ 1 ครั้ง' or 'weekly', found " +
                              Describe(Peek()));
      }
    }
    if (n < 1 || n > 100) return Fail("the number of times a week must be between 1 and 100");
    s->kind = TimeSpec::Kind::kRecurrence;
    s->recurrence.kind = Recurrence::Kind::kWeekly;
    s->recurrence.min_per_week = static_cast<unsigned>(n);
    s->recurrence.within_fiscal_year = within_fiscal_year;
    return ExpectEnd("after the weekly rule");
  }

  Status ParseNotBefore(TimeSpec* s) {
    Accept(T::kDayOrdinal);
    long long day = 0;
    unsigned month = 0;
    if (Peek().kind == T::kNumber) {
      day = Next().number;
      if (!IsMonthStart(Peek())) {
        return Fail("expected a month after the day (e.g. 'ไม่ก่อน 1 กันยายน'), found " + Describe(Peek()));
      }
      KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&month));
    } else if (IsMonthStart(Peek())) {
      KRABUAN_RETURN_IF_ERROR(ParseMonthRef(&month));
      KRABUAN_RETURN_IF_ERROR(ExpectNumber("a day of the month (e.g. 'not before September 1')", &day));
    } else {
      return Fail("expected a day and a month (e.g. 'ไม่ก่อน 1 กันยายน', 'not before September 1'), found " +
                  Describe(Peek()));
    }
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && day == 29) return Fail("29 February does not occur every year; use 1 March");
    if (day < 1 || day > kDays[month - 1]) {
      return Fail(std::string(ThaiMonthName(month)) + " has no day " + std::to_string(day));
    }
    s->kind = TimeSpec::Kind::kNotBefore;
    s->month = month;
    s->day = static_cast<unsigned>(day);
    return ExpectEnd("after the date");
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

// ---- Whole-text forms ---------------------------------------------------------------

// "outcome: …" / "ผลลัพธ์: …"; sets *rest to the text after the colon.
bool OutcomePrefix(std::string_view s, std::string_view* rest) {
  for (std::string_view prefix : {std::string_view("outcome"), std::string_view("ผลลัพธ์")}) {
    if (s.size() < prefix.size() || !EqualsIgnoreCase(s.substr(0, prefix.size()), prefix)) continue;
    std::string_view after = Trim(s.substr(prefix.size()));
    if (after.empty() || after[0] != ':') continue;
    *rest = Trim(after.substr(1));
    return true;
  }
  return false;
}

// K18: a Thai sentence, three or more words, no digits, no time words.
bool LooksLikeOutcomeSentence(std::string_view s) {
  int words = 0;
  bool in_word = false, any_thai = false;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = SpaceAt(s, i)) {
      in_word = false;
      i += n;
      continue;
    }
    if (!in_word) ++words;
    in_word = true;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      if (std::string_view(",.()\"'-").find(s[i]) == std::string_view::npos) return false;
      ++i;
      continue;
    }
    // Thai letters and marks, U+0E01..U+0E4F (digits U+0E50.. are excluded).
    const DecodedCodePoint d = DecodeAt(s, i);
    if (d.length == 0 || d.value < 0x0E01 || d.value > 0x0E4F) return false;
    any_thai = true;
    i += d.length;
  }
  if (words < 3 || !any_thai) return false;
  for (std::string_view w : kTimeWords) {
    if (s.find(w) != std::string_view::npos) return false;
  }
  for (const MonthName& m : ThaiMonthNames()) {
    if (s.find(m.text) != std::string_view::npos) return false;
  }
  return true;
}

// "R/P7D", "R/2025-10-01/P7D", "R4/2025-10-01T09:00+07:00/P1W".
Status ParseRepeating(std::string_view text, std::string_view s, TimeSpec* spec) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = s.find('/', start);
    parts.push_back(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return TimeError(text, "a repeating interval is R[n]/[start/]duration, e.g. R/P7D or R4/2025-10-01/P1W");
  }
  Recurrence& r = spec->recurrence;
  r.kind = Recurrence::Kind::kInterval;
  std::string_view count = parts[0].substr(1);
  if (!count.empty()) {
    long long n = 0;
    for (char c : count) {
      if (!IsAsciiDigit(c)) return TimeError(text, "after 'R' only a repetition count may come (R4/…)");
      n = n * 10 + (c - '0');
      if (n > kMaxNumber) return TimeError(text, "the repetition count is too large");
    }
    if (n < 1) return TimeError(text, "the repetition count must be at least 1");
    r.count = static_cast<unsigned>(n);
  }
  if (parts.size() == 3) {
    Result<Instant> anchor = ParseWrittenInstant(parts[1]);
    if (!anchor.ok()) return TimeError(text, "the start is not a date or date-time (" + anchor.status().message() + ")");
    r.anchor = *anchor;
  }
  std::string_view period = parts.back();
  if (period.empty() || (period[0] != 'P' && period[0] != 'p')) {
    return TimeError(text, "the period must be an ISO duration such as P7D or PT12H");
  }
  KRABUAN_RETURN_IF_ERROR(ParseIsoDuration(text, period, &r.period));
  if (r.period.is_zero()) return TimeError(text, "the period must be longer than zero");
  spec->kind = TimeSpec::Kind::kRecurrence;
  return Status::Ok();
}

}  // namespace

Result<TimeSpec> ParseTime(std::string_view text) {
  // Messages quote the text, so it must be printable; the store refuses such text anyway.
  if (!IsValidUtf8(text)) return Status::Invalid("a time expression is not valid UTF-8 text");
  TimeSpec spec;
  spec.source = std::string(text);
  std::string_view s = Trim(text);
  while (std::size_t n = SpaceAt(s, 0)) s.remove_prefix(n);
  while (true) {  // a no-break or zero-width space at the end
    if (s.ends_with("\xC2\xA0")) {
      s.remove_suffix(2);
    } else if (s.ends_with("\xE2\x80\x8B")) {
      s.remove_suffix(3);
    } else if (!s.empty() && IsSpace(s.back())) {
      s.remove_suffix(1);
    } else {
      break;
    }
  }
  std::string_view rest;
  if (OutcomePrefix(s, &rest)) {
    if (rest.empty()) return TimeError(text, "the outcome text after ':' is empty");
    spec.kind = TimeSpec::Kind::kOutcomeText;
    spec.outcome = std::string(rest);
    return spec;
  }
  if (s.size() >= 2 && (s[0] == 'R' || s[0] == 'r') && (s[1] == '/' || IsAsciiDigit(s[1]))) {
    KRABUAN_RETURN_IF_ERROR(ParseRepeating(text, s, &spec));
    return spec;
  }
  std::vector<Token> tokens;
  Scanner scanner(text);
  Status st = scanner.Scan(&tokens);
  if (st.ok()) st = Parser(text, std::move(tokens)).Parse(&spec);
  if (st.ok()) return spec;
  // Only text that is not a timing at all may be an outcome (K18).
  if (LooksLikeOutcomeSentence(s)) {
    TimeSpec outcome;
    outcome.source = std::string(text);
    outcome.kind = TimeSpec::Kind::kOutcomeText;
    outcome.outcome = std::string(s);
    return outcome;
  }
  return st;
}

}  // namespace krabuan
