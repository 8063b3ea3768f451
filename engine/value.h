// Typed values: what process variables, task fields and condition literals hold.
//
// Money is a decimal with two places held as an integer number of satang, so no
// amount ever passes through floating point. Dates are civil dates (no time of day).
// Fiscal years are Buddhist-Era years (2568).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/status.h"
#include "engine/time/fiscal_year.h"
#include "engine/time/instant.h"

namespace krabuan {

enum class ValueType { kString, kInt, kMoney, kBool, kDate, kFiscalYear };

// "string", "int", "money", "bool", "date", "fiscal-year".
std::string_view ValueTypeName(ValueType t);
std::optional<ValueType> ValueTypeFromName(std::string_view name);

struct Money {
  std::int64_t satang = 0;  // 1 baht = 100 satang
  friend auto operator<=>(const Money&, const Money&) = default;
};

// The money range: amounts and totals up to 999,999,999,999,999.99 baht either way (a
// thousand times the national budget), so every amount of the office fits with room, and
// a total that would leave it is refused rather than wrapped round.
inline constexpr std::int64_t kMaxMoneySatang = 99'999'999'999'999'999;

// a + b, or nullopt when the sum leaves the money range (for money) or int64 (for ints).
std::optional<Money> AddMoney(Money a, Money b);
std::optional<std::int64_t> AddInt(std::int64_t a, std::int64_t b);

class Value {
 public:
  Value() : data_(std::string()) {}
  static Value String(std::string s) { return Value(std::move(s)); }
  static Value Int(std::int64_t i) { return Value(i); }
  static Value OfMoney(Money m) { return Value(m); }
  static Value Bool(bool b) { return Value(b); }
  static Value OfDate(Date d) { return Value(d); }
  static Value OfFiscalYear(FiscalYear fy) { return Value(fy); }

  ValueType type() const { return static_cast<ValueType>(data_.index()); }

  const std::string& as_string() const { return std::get<std::string>(data_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
  Money as_money() const { return std::get<Money>(data_); }
  bool as_bool() const { return std::get<bool>(data_); }
  Date as_date() const { return std::get<Date>(data_); }
  FiscalYear as_fiscal_year() const { return std::get<FiscalYear>(data_); }

  // Canonical text, the inverse of ParseValue: "abc", "42", "1500000.50", "true",
  // "2025-08-01", "2568". This is what the store keeps.
  std::string ToText() const;
  // For people: money with thousands separators ("1,500,000.50"), dates in BE.
  std::string ToDisplay() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  using Data = std::variant<std::string, std::int64_t, Money, bool, Date, FiscalYear>;
  template <typename T>
  explicit Value(T v) : data_(std::move(v)) {}
  Data data_;
};

// Parses text typed by a person (or stored canonically) as a value of type t.
// Money accepts "1500000", "1,500,000.5", "1500000.50", "-20.25" (at most two decimals),
// within the money range. Ints and money forgive blanks around the number and leading
// zeros ("0500" is 500), and refuse a blank inside it ("1 500") and a first group of
// thousands that starts with 0 ("0,500" may mean 0.5 written with a decimal comma).
// Dates are CE years; a Buddhist-Era year is refused with the CE spelling.
// Bool accepts true/false, yes/no, 1/0, จริง/เท็จ. Fiscal year accepts a BE year 2400..2700.
// Invalid says what was expected, e.g. "'abc' is not a money amount (e.g. 1,500,000.50)".
Result<Value> ParseValue(ValueType t, std::string_view text);

// Reads back what ToText wrote, with none of the rules for typed text: a store keeps
// reading values written before a rule existed (money outside today's range, a date 543
// years ahead), so such a case can still be seen and put right.
Result<Value> ParseStoredValue(ValueType t, std::string_view text);

}  // namespace krabuan
