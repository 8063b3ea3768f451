#include "engine/value.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace krabuan {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// Asserts that ParseValue(t, text) fails as Invalid, quoting the text, on one line, and
// that the message contains `fragment`.
void ExpectRejected(ValueType t, const std::string& text, const std::string& fragment) {
  SCOPED_TRACE(std::string(ValueTypeName(t)) + " '" + text + "'");
  Result<Value> r = ParseValue(t, text);
  ASSERT_FALSE(r.ok()) << "parsed as " << r->ToText();
  EXPECT_EQ(r.status().kind(), ErrorKind::kInvalid);
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find("'" + text + "'"), std::string::npos) << msg;
  EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

TEST(ValueTypeTest, NamesRoundTripAndUnknownNamesAreRejected) {
  struct Case {
    ValueType t;
    const char* name;
  };
  const Case cases[] = {{ValueType::kString, "string"}, {ValueType::kInt, "int"},
                        {ValueType::kMoney, "money"},   {ValueType::kBool, "bool"},
                        {ValueType::kDate, "date"},     {ValueType::kFiscalYear, "fiscal-year"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ValueTypeName(c.t), c.name);
    EXPECT_EQ(ValueTypeFromName(c.name), c.t);
  }
  for (const char* name : {"", "float", "Money", "fiscal_year", "integer"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(ValueTypeFromName(name).has_value());
  }
}

TEST(ValueTest, ConstructorsSetTheType) {
  EXPECT_EQ(Value().type(), ValueType::kString);
  EXPECT_EQ(Value().as_string(), "");
  EXPECT_EQ(Value::String("x").type(), ValueType::kString);
  EXPECT_EQ(Value::Int(1).type(), ValueType::kInt);
  EXPECT_EQ(Value::OfMoney(Money{1}).type(), ValueType::kMoney);
  EXPECT_EQ(Value::Bool(true).type(), ValueType::kBool);
  EXPECT_EQ(Value::OfDate(D(2025, 8, 1)).type(), ValueType::kDate);
  EXPECT_EQ(Value::OfFiscalYear(FiscalYear{2568}).type(), ValueType::kFiscalYear);
  // Same number, different types: not equal.
  EXPECT_NE(Value::Int(1), Value::OfMoney(Money{1}));
  EXPECT_NE(Value::Int(2568), Value::OfFiscalYear(FiscalYear{2568}));
  EXPECT_EQ(Value::OfMoney(Money{150}), Value::OfMoney(Money{150}));
}

TEST(ParseMoneyTest, AcceptsPlainGroupedSignedAndThaiDigitAmounts) {
  struct Case {
    const char* text;
    std::int64_t satang;
  };
  const Case cases[] = {
      {"1500000", 150000000},
      {"1,500,000", 150000000},
      {"1,500,000.5", 150000050},
      {"1500000.50", 150000050},
      {"1,500,000.50", 150000050},
      {"-20.25", -2025},
      {"-0.5", -50},
      {"-0", 0},
      {"0", 0},
      {"0.01", 1},
      {"+3", 300},
      {"999.99", 99999},
      {"1,000", 100000},
      {" 12.30 ", 1230},
      {"๑,๕๐๐.๕๐", 150050},
      {"999999999999999.99", kMaxMoneySatang},
      {"999,999,999,999,999.99", kMaxMoneySatang},
      {"-999999999999999.99", -kMaxMoneySatang},
      // Leading zeros of a plain number are dropped; the value is what it says.
      {"0500", 50000},
      {"00.50", 50},
      {"-007.5", -750},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Value> r = ParseValue(ValueType::kMoney, c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->type(), ValueType::kMoney);
    EXPECT_EQ(r->as_money().satang, c.satang);
  }
}

TEST(ParseMoneyTest, RejectsNonAmountsWithAClearMessage) {
  struct Case {
    const char* text;
    const char* fragment;
  };
  const Case cases[] = {
      {"1.234", "more than two decimal places"},
      {"0.001", "more than two decimal places"},
      {"abc", "is not a money amount (e.g. 1,500,000.50)"},
      {"", "is not a money amount"},
      {"1,50,000", "is not a money amount"},
      {"1,5000", "is not a money amount"},
      {"1234,567", "is not a money amount"},
      {",500", "is not a money amount"},
      {"1,", "is not a money amount"},
      {"1.", "is not a money amount"},
      {".5", "is not a money amount"},
      {"1.2.3", "is not a money amount"},
      {"1.-5", "is not a money amount"},
      {"1 500", "has a blank inside the number"},
      {"- 500", "has a blank inside the number"},
      {"1,500, 000", "has a blank inside the number"},
      {"0,500", "is not a money amount"},
      {"00,500.00", "is not a money amount"},
      {"--1", "is not a money amount"},
      {"1e5", "is not a money amount"},
      {"100 บาท", "is not a money amount"},
      {"1000000000000000.00", "beyond the money range (at most 999,999,999,999,999.99"},
      {"-1,000,000,000,000,000", "beyond the money range"},
      {"20,000,000,000,000,000.00", "beyond the money range"},
      {"92233720368547758.08", "beyond the money range"},
      {"99999999999999999999", "beyond the money range"},
  };
  for (const Case& c : cases) ExpectRejected(ValueType::kMoney, c.text, c.fragment);
  Result<Value> abc = ParseValue(ValueType::kMoney, "abc");
  ASSERT_FALSE(abc.ok());
  EXPECT_EQ(abc.status().message(), "'abc' is not a money amount (e.g. 1,500,000.50)");
}

TEST(MoneyTextTest, ToTextIsCanonicalAndToDisplayGroupsThousands) {
  struct Case {
    std::int64_t satang;
    const char* text;
    const char* display;
  };
  const Case cases[] = {
      {150000050, "1500000.50", "1,500,000.50"},
      {150000000, "1500000.00", "1,500,000.00"},
      {-50, "-0.50", "-0.50"},
      {0, "0.00", "0.00"},
      {5, "0.05", "0.05"},
      {99999, "999.99", "999.99"},
      {100000, "1000.00", "1,000.00"},
      {-123456789, "-1234567.89", "-1,234,567.89"},
      {kMax, "92233720368547758.07", "92,233,720,368,547,758.07"},   // stored before the money range
      {kMin, "-92233720368547758.08", "-92,233,720,368,547,758.08"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Value v = Value::OfMoney(Money{c.satang});
    EXPECT_EQ(v.ToText(), c.text);
    EXPECT_EQ(v.ToDisplay(), c.display);
  }
}

TEST(ParseBoolTest, AcceptsEnglishDigitsAndThai) {
  struct Case {
    const char* text;
    bool want;
  };
  const Case cases[] = {
      {"true", true},   {"TRUE", true},   {"yes", true},    {"Yes", true},
      {"1", true},      {"จริง", true},   {" true ", true}, {"๑", true},
      {"false", false}, {"False", false}, {"no", false},    {"NO", false},
      {"0", false},     {"เท็จ", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Value> r = ParseValue(ValueType::kBool, c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->type(), ValueType::kBool);
    EXPECT_EQ(r->as_bool(), c.want);
  }
  for (const char* text : {"maybe", "", "2", "truee", "ใช่", "y"}) {
    ExpectRejected(ValueType::kBool, text, "is not a yes/no value (expected true/false, yes/no, "
                                           "1/0 or จริง/เท็จ)");
  }
}

TEST(ParseIntTest, AcceptsWholeNumbersAndRejectsTheRest) {
  struct Case {
    const char* text;
    std::int64_t want;
  };
  const Case cases[] = {
      {"42", 42},   {"-7", -7},       {"+7", 7},
      {"0", 0},     {"1,000", 1000},  {"๔๒", 42},
      {" 42 ", 42}, {"9223372036854775807", kMax}, {"-9223372036854775808", kMin},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Value> r = ParseValue(ValueType::kInt, c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->type(), ValueType::kInt);
    EXPECT_EQ(r->as_int(), c.want);
  }
  for (const char* text : {"4.2", "abc", "", "1,00", "-", "0x10", "0,100"}) {
    ExpectRejected(ValueType::kInt, text, "is not a whole number");
  }
  ExpectRejected(ValueType::kInt, "1 000", "has a blank inside the number");
  Result<Value> zeros = ParseValue(ValueType::kInt, "007");
  ASSERT_TRUE(zeros.ok()) << zeros.status().message();
  EXPECT_EQ(zeros->ToText(), "7");
  ExpectRejected(ValueType::kInt, "9223372036854775808", "too large");
  ExpectRejected(ValueType::kInt, "-9223372036854775809", "too large");
}

TEST(ParseDateValueTest, AcceptsIsoDatesOnly) {
  struct Case {
    const char* text;
    Date want;
  };
  const Case cases[] = {{"2025-08-01", D(2025, 8, 1)},
                        {"2024-02-29", D(2024, 2, 29)},
                        {" 2025-09-30 ", D(2025, 9, 30)}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Value> r = ParseValue(ValueType::kDate, c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->type(), ValueType::kDate);
    EXPECT_EQ(r->as_date(), c.want);
  }
  for (const char* text : {"2023-02-29", "2025-13-01", "1 ส.ค. 2568", "01/08/2025", ""}) {
    ExpectRejected(ValueType::kDate, text, "YYYY-MM-DD");
  }
}

// A Buddhist-Era year typed in an ISO date would be kept 543 years ahead (2568-05-01 as
// 1 พ.ค. 3111): it is refused, with the CE date suggested when there is one.
TEST(ParseDateValueTest, RefusesBuddhistEraYearsWithTheCommonEraDate) {
  struct Case {
    const char* text;
    const char* fragment;
  };
  const Case cases[] = {
      {"2568-05-01", "did you mean 2025-05-01?"},
      {"2400-01-01", "did you mean 1857-01-01?"},
      {"2567-02-29", "did you mean 2024-02-29?"},   // a leap day in CE, not in 2567 read as CE
      {"2568-02-29", "has a Buddhist-Era year (2568)"},
      {"9999-12-31", "has a Buddhist-Era year"},
  };
  for (const Case& c : cases) ExpectRejected(ValueType::kDate, c.text, c.fragment);
  Result<Value> last_ce = ParseValue(ValueType::kDate, "2399-12-31");
  ASSERT_TRUE(last_ce.ok()) << last_ce.status().message();
  Result<Value> thai_digits = ParseValue(ValueType::kDate, "๒๕๖๘-๐๕-๐๑");
  ASSERT_FALSE(thai_digits.ok());
  EXPECT_NE(thai_digits.status().message().find("did you mean 2025-05-01?"), std::string::npos)
      << thai_digits.status().message();
}

TEST(MoneyArithmeticTest, SumsAreCheckedAgainstTheMoneyRange) {
  EXPECT_EQ(AddMoney(Money{150}, Money{-50}), Money{100});
  EXPECT_EQ(AddMoney(Money{kMaxMoneySatang - 1}, Money{1}), Money{kMaxMoneySatang});
  EXPECT_EQ(AddMoney(Money{kMaxMoneySatang}, Money{1}), std::nullopt);
  EXPECT_EQ(AddMoney(Money{-kMaxMoneySatang}, Money{-1}), std::nullopt);
  EXPECT_EQ(AddMoney(Money{kMax}, Money{kMax}), std::nullopt);   // no wrap-around either
  EXPECT_EQ(AddInt(kMax - 1, 1), kMax);
  EXPECT_EQ(AddInt(kMax, 1), std::nullopt);
  EXPECT_EQ(AddInt(kMin, -1), std::nullopt);
}

TEST(ParseFiscalYearTest, AcceptsBuddhistEraYearsAndPointsOutCommonEraOnes) {
  struct Case {
    const char* text;
    int be;
  };
  const Case cases[] = {{"2568", 2568}, {"๒๕๖๘", 2568}, {"2400", 2400}, {"2700", 2700}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Value> r = ParseValue(ValueType::kFiscalYear, c.text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->type(), ValueType::kFiscalYear);
    EXPECT_EQ(r->as_fiscal_year().be, c.be);
  }
  ExpectRejected(ValueType::kFiscalYear, "2025", "did you mean 2568?");
  ExpectRejected(ValueType::kFiscalYear, "2399", "Buddhist-Era year 2400-2700");
  ExpectRejected(ValueType::kFiscalYear, "2701", "Buddhist-Era year 2400-2700");
  for (const char* text : {"25680", "abc", "", "-2568", "2568.0"}) {
    ExpectRejected(ValueType::kFiscalYear, text, "is not a fiscal year");
  }
}

TEST(ParseStringTest, KeepsTextExactly) {
  for (const char* text : {"", "abc", "  ก ข  ", "เห็นชอบ", "1,500.00"}) {
    SCOPED_TRACE(text);
    Result<Value> r = ParseValue(ValueType::kString, text);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->type(), ValueType::kString);
    EXPECT_EQ(r->as_string(), text);
  }
}

TEST(ValueTextTest, ToTextAndToDisplayPerType) {
  struct Case {
    Value v;
    const char* text;
    const char* display;
  };
  const std::vector<Case> cases = {
      {Value::String("abc"), "abc", "abc"},
      {Value::Int(42), "42", "42"},
      {Value::Int(-1500000), "-1500000", "-1500000"},
      {Value::OfMoney(Money{150000050}), "1500000.50", "1,500,000.50"},
      {Value::Bool(true), "true", "true"},
      {Value::Bool(false), "false", "false"},
      {Value::OfDate(D(2025, 8, 1)), "2025-08-01", "1 ส.ค. 2568"},
      {Value::OfDate(D(2024, 2, 29)), "2024-02-29", "29 ก.พ. 2567"},
      {Value::OfFiscalYear(FiscalYear{2568}), "2568", "2568"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(c.v.ToText(), c.text);
    EXPECT_EQ(c.v.ToDisplay(), c.display);
  }
}

TEST(ValueTextTest, ToTextThenParseValueRoundTrips) {
  const std::vector<Value> values = {
      Value(),
      Value::String("  ก ข  "),
      Value::String("true"),
      Value::Int(0),
      Value::Int(kMax),
      Value::Int(kMin),
      Value::OfMoney(Money{0}),
      Value::OfMoney(Money{-50}),
      Value::OfMoney(Money{150000050}),
      Value::OfMoney(Money{kMax}),
      Value::OfMoney(Money{kMin}),
      Value::Bool(true),
      Value::Bool(false),
      Value::OfDate(D(2024, 2, 29)),
      Value::OfDate(D(1, 1, 1)),
      Value::OfDate(D(9999, 12, 31)),
      Value::OfFiscalYear(FiscalYear{2568}),
  };
  for (const Value& v : values) {
    SCOPED_TRACE(std::string(ValueTypeName(v.type())) + " " + v.ToText());
    Result<Value> back = ParseStoredValue(v.type(), v.ToText());
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, v);
  }
}

// What was stored before today's rules still reads back; typed, it is refused.
TEST(ValueTextTest, StoredValuesOutsideTodaysRulesStillReadBack) {
  for (const Value& v : {Value::OfMoney(Money{kMax}), Value::OfMoney(Money{kMin}),
                         Value::OfMoney(Money{-8446744073709551616}), Value::OfDate(D(3111, 5, 1))}) {
    SCOPED_TRACE(v.ToText());
    Result<Value> back = ParseStoredValue(v.type(), v.ToText());
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, v);
    EXPECT_FALSE(ParseValue(v.type(), v.ToText()).ok());
  }
}

}  // namespace
}  // namespace krabuan
