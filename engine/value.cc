#include "engine/value.h"

#include <algorithm>
#include <array>
#include <limits>

#include "engine/text/ascii.h"
#include "engine/text/utf8.h"

namespace krabuan {

namespace {

constexpr std::array<std::string_view, 6> kTypeNames = {"string", "int",  "money",
                                                        "bool",   "date", "fiscal-year"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The digits of a whole number written plainly ("1500000") or grouped by thousands
// ("1,500,000"). Returns false for anything else, including misplaced commas
// ("1,50,000"), which more likely hide a typo than mean a number.
bool IntegerDigits(std::string_view s, std::string* digits) {
  digits->clear();
  if (s.empty()) return false;
  if (s.size() > 1 && s[0] == '0' && s.find(',') != std::string_view::npos) return false;
  if (s.find(',') == std::string_view::npos) {
    for (char c : s) {
      if (!IsDigit(c)) return false;
    }
    *digits = std::string(s);
    return true;
  }
  size_t first = s.find(',');
  if (first == 0 || first > 3) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool comma_here = i >= first && (i - first) % 4 == 0;
    if (comma_here) {
      if (s[i] != ',') return false;
    } else {
      if (!IsDigit(s[i])) return false;
      digits->push_back(s[i]);
    }
  }
  return (s.size() - first) % 4 == 0;  // the last group has exactly three digits
}

// Accumulates decimal digits into *v; false when the value would exceed limit.
bool Accumulate(std::string_view digits, std::uint64_t limit, std::uint64_t* v) {
  for (char c : digits) {
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (*v > (limit - d) / 10) return false;
    *v = *v * 10 + d;
  }
  return true;
}

// Largest magnitude a signed 64-bit value may have for the given sign.
std::uint64_t MagnitudeLimit(bool negative) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::int64_t>::max();
  return negative ? kMax + 1 : kMax;
}

std::int64_t ApplySign(std::uint64_t magnitude, bool negative) {
  // Negating in unsigned arithmetic is well defined, including for INT64_MIN.
  return static_cast<std::int64_t>(negative ? 0 - magnitude : magnitude);
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string FormatMoney(Money m, bool group);

// A number with a blank inside ("1 500", "- 20") is refused: it may be two numbers, or
// thousands grouped with spaces that another reader takes for something else.
Status BlankInside(std::string_view original, std::string_view example) {
  return Status::Invalid(Quote(original) + " has a blank inside the number; write it without (e.g. " +
                         std::string(example) + ")");
}

bool HasBlank(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return IsSpace(c); });
}

// The text without its blanks, to tell "1 500" (a number with a blank) from "100 บาท".
std::string WithoutBlanks(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!IsSpace(c)) out.push_back(c);
  }
  return out;
}

Result<Value> ParseInt(std::string_view original, std::string_view s) {
  if (HasBlank(s)) {
    if (ParseInt(original, WithoutBlanks(s)).ok()) return BlankInside(original, "1500 or 1,500");
    return Status::Invalid(Quote(original) + " is not a whole number (e.g. 42 or -7)");
  }
  auto invalid = [&] {
    return Status::Invalid(Quote(original) + " is not a whole number (e.g. 42 or -7)");
  };
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::string digits;
  if (!IntegerDigits(s, &digits)) return invalid();
  std::uint64_t v = 0;
  if (!Accumulate(digits, MagnitudeLimit(negative), &v)) {
    return Status::Invalid(Quote(original) + " is too large a whole number (at most " +
                           std::to_string(std::numeric_limits<std::int64_t>::max()) + ")");
  }
  return Value::Int(ApplySign(v, negative));
}

// `limit`: the largest magnitude in satang (the money range for what people type; the
// int64 range for what was stored before the range existed).
Result<Value> ParseMoney(std::string_view original, std::string_view s, std::uint64_t limit) {
  if (HasBlank(s)) {
    if (ParseMoney(original, WithoutBlanks(s), limit).ok()) return BlankInside(original, "1,500,000.50");
    return Status::Invalid(Quote(original) + " is not a money amount (e.g. 1,500,000.50)");
  }
  auto invalid = [&] {
    return Status::Invalid(Quote(original) + " is not a money amount (e.g. 1,500,000.50)");
  };
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::string_view whole = s, fraction;
  if (size_t dot = s.find('.'); dot != std::string_view::npos) {
    whole = s.substr(0, dot);
    fraction = s.substr(dot + 1);
    if (fraction.empty()) return invalid();
    for (char c : fraction) {
      if (!IsDigit(c)) return invalid();
    }
  }
  std::string digits;
  if (!IntegerDigits(whole, &digits)) return invalid();
  if (fraction.size() > 2) {
    return Status::Invalid(Quote(original) +
                           " has more than two decimal places; money is baht and satang "
                           "(e.g. 1,500,000.50)");
  }
  std::string satang_digits = digits + std::string(fraction);
  satang_digits.append(2 - fraction.size(), '0');
  std::uint64_t v = 0;
  if (!Accumulate(satang_digits, std::min<std::uint64_t>(limit, MagnitudeLimit(negative)), &v)) {
    return Status::Invalid(Quote(original) + " is beyond the money range (at most " +
                           FormatMoney(Money{kMaxMoneySatang}, /*group=*/true) + " either way)");
  }
  return Value::OfMoney(Money{ApplySign(v, negative)});
}

Result<Value> ParseBool(std::string_view original, std::string_view s) {
  for (std::string_view yes : {"true", "yes", "1", "จริง"}) {
    if (EqualsIgnoreCase(s, yes)) return Value::Bool(true);
  }
  for (std::string_view no : {"false", "no", "0", "เท็จ"}) {
    if (EqualsIgnoreCase(s, no)) return Value::Bool(false);
  }
  return Status::Invalid(Quote(original) +
                         " is not a yes/no value (expected true/false, yes/no, 1/0 or จริง/เท็จ)");
}

Result<Value> ParseFiscalYear(std::string_view original, std::string_view s) {
  auto invalid = [&] {
    return Status::Invalid(Quote(original) +
                           " is not a fiscal year (expected a Buddhist-Era year, e.g. 2568)");
  };
  if (s.empty() || s.size() > 4) return invalid();
  int be = 0;
  for (char c : s) {
    if (!IsDigit(c)) return invalid();
    be = be * 10 + (c - '0');
  }
  if (!IsPlausibleFiscalYear(be)) {
    // A CE year is the likely mistake; name the BE year the person probably meant.
    if (IsPlausibleFiscalYear(be + kBuddhistEraOffset)) {
      return Status::Invalid(Quote(original) + " looks like a CE year; fiscal years are " +
                             "Buddhist-Era years (did you mean " +
                             std::to_string(be + kBuddhistEraOffset) + "?)");
    }
    return Status::Invalid(Quote(original) +
                           " is not a fiscal year (expected a Buddhist-Era year 2400-2700, "
                           "e.g. 2568)");
  }
  return Value::OfFiscalYear(FiscalYear{be});
}

// "1500000.50" or, with separators, "1,500,000.50"; always two decimals.
std::string FormatMoney(Money m, bool group) {
  bool negative = m.satang < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(m.satang)
                                     : static_cast<std::uint64_t>(m.satang);
  std::string whole = std::to_string(magnitude / 100);
  std::uint64_t cents = magnitude % 100;
  if (group) {
    for (size_t i = whole.size(); i > 3; i -= 3) whole.insert(i - 3, 1, ',');
  }
  return (negative ? "-" : "") + whole + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

}  // namespace

std::optional<Money> AddMoney(Money a, Money b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.satang, b.satang, &sum)) return std::nullopt;
  if (sum > kMaxMoneySatang || sum < -kMaxMoneySatang) return std::nullopt;
  return Money{sum};
}

std::optional<std::int64_t> AddInt(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::string_view ValueTypeName(ValueType t) { return kTypeNames[static_cast<size_t>(t)]; }

std::optional<ValueType> ValueTypeFromName(std::string_view name) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<ValueType>(i);
  }
  return std::nullopt;
}

std::string Value::ToText() const {
  switch (type()) {
    case ValueType::kString: return as_string();
    case ValueType::kInt: return std::to_string(as_int());
    case ValueType::kMoney: return FormatMoney(as_money(), /*group=*/false);
    case ValueType::kBool: return as_bool() ? "true" : "false";
    case ValueType::kDate: return FormatIsoDate(as_date());
    case ValueType::kFiscalYear: return std::to_string(as_fiscal_year().be);
  }
  return std::string();  // unreachable: the switch covers every alternative
}

std::string Value::ToDisplay() const {
  switch (type()) {
    case ValueType::kMoney: return FormatMoney(as_money(), /*group=*/true);
    case ValueType::kDate: return FormatThaiDate(as_date());
    default: return ToText();
  }
}

Result<Value> ParseStoredValue(ValueType t, std::string_view text) {
  switch (t) {
    case ValueType::kMoney: return ParseMoney(text, text, MagnitudeLimit(text.starts_with('-')));
    case ValueType::kDate: {
      Result<Date> d = ParseDate(text);
      if (!d.ok()) return d.status();
      return Value::OfDate(*d);
    }
    default: return ParseValue(t, text);
  }
}

Result<Value> ParseValue(ValueType t, std::string_view text) {
  // Strings are kept exactly as typed; everything else forgives surrounding blanks and
  // Thai digits.
  if (t == ValueType::kString) {
    if (!IsValidUtf8(text)) return Status::Invalid("the text is not valid UTF-8");
    return Value::String(std::string(text));
  }
  std::string normalized = AsciiDigits(Trim(text));
  std::string_view s = normalized;
  switch (t) {
    case ValueType::kString: break;
    case ValueType::kInt: return ParseInt(text, s);
    case ValueType::kMoney: return ParseMoney(text, s, kMaxMoneySatang);
    case ValueType::kBool: return ParseBool(text, s);
    case ValueType::kDate: {
      Result<Date> d = ParseWrittenDate(s);
      if (!d.ok()) {
        // ParseDate names the reason but quotes the text it saw; keep that only when
        // it is what the person typed.
        if (normalized == text || ParseDate(s).ok()) return d.status();
        return Status::Invalid(Quote(text) +
                               " is not a date (expected YYYY-MM-DD, e.g. 2025-08-01)");
      }
      return Value::OfDate(*d);
    }
    case ValueType::kFiscalYear: return ParseFiscalYear(text, s);
  }
  return Status::Internal("unknown value type");
}

}  // namespace krabuan
