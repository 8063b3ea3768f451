#include "engine/expr/expression.h"

#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace krabuan {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

using Vars = std::map<std::string, Value, std::less<>>;

VariableLookup LookupIn(const Vars& vars) {
  return [&vars](std::string_view name) -> const Value* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : &it->second;
  };
}

// The variables every evaluation table reads.
const Vars& TestVars() {
  static const Vars vars = {
      {"amount", Value::OfMoney(Money{150000050})},  // 1,500,000.50 baht
      {"fee", Value::OfMoney(Money{500})},           // 5.00 baht
      {"refund", Value::OfMoney(Money{-2025})},      // -20.25 baht
      {"count", Value::Int(3)},
      {"fy", Value::OfFiscalYear(FiscalYear{2568})},
      {"outcome", Value::String("เห็นชอบ")},
      {"review.outcome", Value::String("อนุมัติ")},
      {"name", Value::String("abc")},
      {"quote", Value::String("it's \"x\" \\")},
      {"approved", Value::Bool(true)},
      {"rejected", Value::Bool(false)},
      {"due", Value::OfDate(Date{year{2025}, month{8}, day{1}})},
      {"date", Value::Int(7)},  // `date` without "(" is an ordinary variable
  };
  return vars;
}

// gtest prints failing parameters; show the expression, shortened, not the bytes.
void PrintText(const std::string& text, std::ostream* os) {
  *os << '"' << (text.size() > 60 ? text.substr(0, 60) + "..." : text) << '"';
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// ---------------------------------------------------------------- syntax errors

struct SyntaxErrorCase {
  std::string text;
  int column;
  std::string says;  // a part of the message after "column N: "
  friend void PrintTo(const SyntaxErrorCase& c, std::ostream* os) { PrintText(c.text, os); }
};

class ExpressionSyntaxErrorTest : public testing::TestWithParam<SyntaxErrorCase> {};

TEST_P(ExpressionSyntaxErrorTest, ReportsColumnAndWhatWasExpected) {
  const SyntaxErrorCase& c = GetParam();
  Result<Expression> e = Expression::Parse(c.text);
  ASSERT_FALSE(e.ok()) << "parsed: " << c.text;
  EXPECT_EQ(e.status().kind(), ErrorKind::kInvalid);
  const std::string prefix = "column " + std::to_string(c.column) + ": ";
  EXPECT_EQ(e.status().message().rfind(prefix, 0), 0u)
      << "text: " << c.text << "\nmessage: " << e.status().message();
  EXPECT_NE(e.status().message().find(c.says), std::string::npos)
      << "text: " << c.text << "\nmessage: " << e.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExpressionSyntaxErrorTest,
    testing::Values(
        // Empty input points one past the end.
        SyntaxErrorCase{"", 1, "expected a value, a variable or '(', found end of expression"},
        SyntaxErrorCase{"   ", 4, "found end of expression"},
        // Unterminated strings point at the opening quote.
        SyntaxErrorCase{"outcome == 'approved", 12, "unterminated string"},
        SyntaxErrorCase{"outcome == \"เห็นชอบ", 12, "unterminated string"},
        SyntaxErrorCase{"x == 'a\\'", 6, "unterminated string"},
        // Columns count code points: 'เห็นชอบ' is 9 characters but 23 bytes.
        SyntaxErrorCase{"'เห็นชอบ' == x y", 16, "found name 'y'"},
        SyntaxErrorCase{"x == 'เห็นชอบ' =", 16, "expected '=='"},
        // Missing and stray parentheses.
        SyntaxErrorCase{"(amount > 5", 12, "expected ')' to close the '(' at column 1"},
        SyntaxErrorCase{"((a == 1) or b", 15, "expected ')' to close the '(' at column 1"},
        SyntaxErrorCase{"a == 1)", 7, "expected 'and', 'or' or the end of the expression"},
        SyntaxErrorCase{"()", 2, "expected a value"},
        // Operators that are not in the language.
        SyntaxErrorCase{"amount = 5", 8, "expected '==' to compare, found '='"},
        SyntaxErrorCase{"!approved", 1, "expected '!='"},
        SyntaxErrorCase{"a && b", 3, "expected 'and'"},
        SyntaxErrorCase{"a || b", 3, "expected 'or'"},
        SyntaxErrorCase{"a - 1", 3, "expected a digit after '-'"},
        SyntaxErrorCase{"a < b < c", 7, "comparisons do not chain"},
        // Trailing tokens.
        SyntaxErrorCase{"amount > 5 x", 12, "found name 'x'"},
        SyntaxErrorCase{"a == 1 2", 8, "found number 2"},
        SyntaxErrorCase{"a == 1 AND b == 2", 8, "(keywords are lower case)"},
        SyntaxErrorCase{"true false", 6, "found 'false'"},
        // Missing operands.
        SyntaxErrorCase{"a ==", 5, "expected a value, a variable or '('"},
        SyntaxErrorCase{"a == 1 and", 11, "found end of expression"},
        SyntaxErrorCase{"not", 4, "found end of expression"},
        SyntaxErrorCase{"== 1", 1, "found '=='"},
        // Lists.
        SyntaxErrorCase{"a in 1", 6, "expected '[' to start the list"},
        SyntaxErrorCase{"a in [1, 2", 11, "expected ',' or ']' in the list"},
        SyntaxErrorCase{"a in [1, b]", 10, "expected a literal in the list"},
        SyntaxErrorCase{"a in [1,]", 9, "expected a literal in the list"},
        SyntaxErrorCase{"a not 1", 7, "expected 'in' after 'not'"},
        // Numbers.
        SyntaxErrorCase{"a == 1.234", 6, "at most two digits after '.'"},
        SyntaxErrorCase{"a == 1.", 8, "expected a digit after '.'"},
        SyntaxErrorCase{"a == 99999999999999999999", 6, "out of range"},
        SyntaxErrorCase{"a == 9223372036854775808", 6, "out of range"},
        SyntaxErrorCase{"a == 92233720368547758.08", 6, "out of range"},
        SyntaxErrorCase{"a == 1000000000000000.00", 6, "beyond the money range"},
        SyntaxErrorCase{"a > -1000000000000000.00", 5, "beyond the money range"},
        SyntaxErrorCase{"d < date('2568-09-30')", 10, "has a Buddhist-Era year (2568)"},
        // Strings and dates.
        SyntaxErrorCase{"a == 'x\\n'", 8, "unknown escape '\\n'"},
        SyntaxErrorCase{"a == 'x\xff'", 8, "malformed UTF-8"},
        SyntaxErrorCase{"a == date('2025-13-01')", 11, "expected a date as yyyy-mm-dd"},
        SyntaxErrorCase{"a == date('1 Aug 2025')", 11, "expected a date as yyyy-mm-dd"},
        SyntaxErrorCase{"a == date(20250801)", 11, "expected a quoted date"},
        SyntaxErrorCase{"a == date('2025-08-01'", 23, "expected ')' after the date"},
        // Characters outside the language.
        SyntaxErrorCase{"a == ก", 6, "unexpected character 'ก'"},
        SyntaxErrorCase{"_a == 1", 1, "unexpected character '_'"},
        // Nesting deeper than the limit stops at the 65th level.
        SyntaxErrorCase{Repeat("(", 65) + "a" + Repeat(")", 65), 65, "at most 64 levels"},
        SyntaxErrorCase{Repeat("not ", 65) + "a", 257, "at most 64 levels"},
        SyntaxErrorCase{Repeat("(", 100000), 65, "at most 64 levels"}));

TEST(ExpressionParseTest, AcceptsNestingUpToTheLimit) {
  Result<Expression> parens = Expression::Parse(Repeat("(", 64) + "true" + Repeat(")", 64));
  ASSERT_TRUE(parens.ok()) << parens.status().message();
  Result<bool> v = parens->Evaluate(LookupIn(TestVars()));
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(*v);

  Result<Expression> nots = Expression::Parse(Repeat("not ", 64) + "true");
  ASSERT_TRUE(nots.ok()) << nots.status().message();
  Result<bool> n = nots->Evaluate(LookupIn(TestVars()));
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_TRUE(*n);  // an even number of nots
}

// A long flat chain is not nesting: it parses, evaluates and is destroyed without deep
// recursion.
TEST(ExpressionParseTest, LongAndChainIsNotNesting) {
  const std::string text = Repeat("count == 3 and ", 20000) + "approved";
  Result<Expression> e = Expression::Parse(text);
  ASSERT_TRUE(e.ok()) << e.status().message();
  Result<bool> v = e->Evaluate(LookupIn(TestVars()));
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(*v);
  EXPECT_EQ(e->variables(), (std::vector<std::string>{"count", "approved"}));
}

// ---------------------------------------------------------------- evaluation

struct EvalCase {
  std::string text;
  bool expected;
  friend void PrintTo(const EvalCase& c, std::ostream* os) { PrintText(c.text, os); }
};

class ExpressionEvalTest : public testing::TestWithParam<EvalCase> {};

TEST_P(ExpressionEvalTest, EvaluatesToExpectedBool) {
  const EvalCase& c = GetParam();
  Result<Expression> e = Expression::Parse(c.text);
  ASSERT_TRUE(e.ok()) << c.text << ": " << e.status().message();
  Result<bool> v = e->Evaluate(LookupIn(TestVars()));
  ASSERT_TRUE(v.ok()) << c.text << ": " << v.status().message();
  EXPECT_EQ(*v, c.expected) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    TruthTables, ExpressionEvalTest,
    testing::Values(EvalCase{"true", true}, EvalCase{"false", false},
                    EvalCase{"not true", false}, EvalCase{"not false", true},
                    EvalCase{"not not true", true},
                    EvalCase{"true and true", true}, EvalCase{"true and false", false},
                    EvalCase{"false and true", false}, EvalCase{"false and false", false},
                    EvalCase{"true or true", true}, EvalCase{"true or false", true},
                    EvalCase{"false or true", true}, EvalCase{"false or false", false},
                    EvalCase{"approved and not rejected", true},
                    EvalCase{"approved and rejected", false},
                    EvalCase{"rejected or approved", true}, EvalCase{"approved", true},
                    EvalCase{"rejected", false},
                    // `and` binds tighter than `or`, `not` tighter than `and`.
                    EvalCase{"true or false and false", true},
                    EvalCase{"(true or false) and false", false},
                    EvalCase{"not false and false", false},
                    EvalCase{"not (false and false)", true},
                    EvalCase{"not count == 4", true},
                    EvalCase{"\tcount\n==\r3 ", true}));

INSTANTIATE_TEST_SUITE_P(
    Numbers, ExpressionEvalTest,
    testing::Values(
        // int with int
        EvalCase{"count == 3", true}, EvalCase{"count != 3", false},
        EvalCase{"count < 10", true}, EvalCase{"count <= 3", true},
        EvalCase{"count > 3", false}, EvalCase{"count >= -1", true},
        EvalCase{"3 == count", true}, EvalCase{"count > -9223372036854775808", true},
        EvalCase{"count < 9223372036854775807", true},
        // money with an integer literal, read as baht
        EvalCase{"fee == 5", true}, EvalCase{"5 == fee", true}, EvalCase{"fee == 500", false},
        EvalCase{"fee >= 5", true}, EvalCase{"fee > 5", false}, EvalCase{"fee != 5", false},
        EvalCase{"amount > 1500000", true}, EvalCase{"amount < 1500001", true},
        EvalCase{"amount == 1500000", false},
        EvalCase{"9223372036854775807 > amount", true},
        EvalCase{"-9223372036854775808 < refund", true},
        // money with a decimal literal
        EvalCase{"fee == 5.00", true}, EvalCase{"fee == 5.0", true},
        EvalCase{"fee > 4.99", true}, EvalCase{"fee < 5.01", true},
        EvalCase{"amount >= 1500000.50", true}, EvalCase{"amount > 1500000.5", false},
        EvalCase{"amount < 999999999999999.99", true},
        // negative money rounds the right way
        EvalCase{"refund < 0", true}, EvalCase{"refund == -20.25", true},
        EvalCase{"refund < -20", true}, EvalCase{"refund > -21", true},
        EvalCase{"refund == -20", false},
        // int with a decimal literal
        EvalCase{"count == 3.00", true}, EvalCase{"count < 3.01", true},
        EvalCase{"count > 2.99", true}, EvalCase{"count == 3.5", false},
        // fiscal year with an integer literal, read as a BE year
        EvalCase{"fy == 2568", true}, EvalCase{"fy >= 2567", true},
        EvalCase{"fy < 2568", false}, EvalCase{"2569 > fy", true},
        EvalCase{"fy in [2567, 2568]", true}, EvalCase{"fy not in [2567]", true}));

INSTANTIATE_TEST_SUITE_P(
    Dates, ExpressionEvalTest,
    testing::Values(EvalCase{"due == date('2025-08-01')", true},
                    EvalCase{"due != date('2025-08-01')", false},
                    EvalCase{"due < date(\"2025-08-02\")", true},
                    EvalCase{"due > date('2025-07-31')", true},
                    EvalCase{"due >= date('2025-08-01')", true},
                    EvalCase{"due <= date('2024-12-31')", false},
                    EvalCase{"date('2024-12-31') < due", true},
                    EvalCase{"due in [date('2025-01-01'), date('2025-08-01')]", true},
                    // `date` without "(" is a variable
                    EvalCase{"date == 7", true}));

INSTANTIATE_TEST_SUITE_P(
    Strings, ExpressionEvalTest,
    testing::Values(EvalCase{"outcome == 'เห็นชอบ'", true},
                    EvalCase{"outcome == \"เห็นชอบ\"", true},
                    EvalCase{"outcome != 'ไม่เห็นชอบ'", true},
                    EvalCase{"review.outcome == 'อนุมัติ'", true},
                    EvalCase{"name == 'abc'", true}, EvalCase{"name == 'ABC'", false},
                    EvalCase{"name < 'abd'", true}, EvalCase{"name > 'ab'", true},
                    EvalCase{"name >= 'abc'", true}, EvalCase{"'' < name", true},
                    // byte order: upper case before lower, Thai after ASCII
                    EvalCase{"'B' < 'a'", true}, EvalCase{"'ก' > 'z'", true},
                    EvalCase{"'ก' < 'ข'", true},
                    EvalCase{"quote == 'it\\'s \"x\" \\\\'", true},
                    EvalCase{"quote == \"it's \\\"x\\\" \\\\\"", true}));

INSTANTIATE_TEST_SUITE_P(
    BoolsAndLists, ExpressionEvalTest,
    testing::Values(EvalCase{"approved == true", true}, EvalCase{"approved != true", false},
                    EvalCase{"approved != rejected", true},
                    EvalCase{"(count > 1) == approved", true},
                    EvalCase{"outcome in ['เห็นชอบ', 'อนุมัติ']", true},
                    EvalCase{"outcome in ['ไม่เห็นชอบ']", false},
                    EvalCase{"outcome not in ['เห็นชอบ']", false},
                    EvalCase{"outcome not in ['ไม่เห็นชอบ', 'ส่งกลับ']", true},
                    EvalCase{"count in []", false}, EvalCase{"count not in []", true},
                    EvalCase{"count in [1, 2, 3]", true}, EvalCase{"count in [1, 2]", false},
                    EvalCase{"count in [3.00]", true}, EvalCase{"fee in [1, 5]", true},
                    EvalCase{"fee in [4.99, 5.01]", false},
                    EvalCase{"approved in [true]", true}, EvalCase{"rejected in [true]", false},
                    EvalCase{"not outcome in ['เห็นชอบ']", false},
                    EvalCase{"'a' in ['a']", true}));

// ---------------------------------------------------------------- evaluation errors

struct EvalErrorCase {
  std::string text;
  std::string message;
  friend void PrintTo(const EvalErrorCase& c, std::ostream* os) { PrintText(c.text, os); }
};

class ExpressionEvalErrorTest : public testing::TestWithParam<EvalErrorCase> {};

TEST_P(ExpressionEvalErrorTest, IsInvalidWithMessage) {
  const EvalErrorCase& c = GetParam();
  Result<Expression> e = Expression::Parse(c.text);
  ASSERT_TRUE(e.ok()) << c.text << ": " << e.status().message();
  Result<bool> v = e->Evaluate(LookupIn(TestVars()));
  ASSERT_FALSE(v.ok()) << c.text << " evaluated to " << *v;
  EXPECT_EQ(v.status().kind(), ErrorKind::kInvalid);
  EXPECT_EQ(v.status().message(), c.message) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    TypeErrors, ExpressionEvalErrorTest,
    testing::Values(
        EvalErrorCase{"name < 1000.50", "cannot compare string with money using '<'"},
        EvalErrorCase{"name == 5", "cannot compare string with int using '=='"},
        EvalErrorCase{"5 != name", "cannot compare int with string using '!='"},
        EvalErrorCase{"fy == 2568.00", "cannot compare fiscal-year with money using '=='"},
        EvalErrorCase{"amount >= fy", "cannot compare money with fiscal-year using '>='"},
        EvalErrorCase{"due == '2025-08-01'", "cannot compare date with string using '=='"},
        EvalErrorCase{"due > 20250801", "cannot compare date with int using '>'"},
        EvalErrorCase{"count == true", "cannot compare int with bool using '=='"},
        EvalErrorCase{"approved < true", "cannot compare bool with bool using '<'"},
        EvalErrorCase{"approved >= rejected", "cannot compare bool with bool using '>='"},
        EvalErrorCase{"(count > 1) <= 3", "cannot compare bool with int using '<='"},
        EvalErrorCase{"outcome in ['เห็นชอบ', 1]", "cannot compare string with int using 'in'"},
        EvalErrorCase{"count not in ['3']", "cannot compare int with string using 'not in'"},
        EvalErrorCase{"fy in [2568.00]", "cannot compare fiscal-year with money using 'in'"},
        // Non-bool results and operands.
        EvalErrorCase{"amount", "expected a bool condition, but 'amount' is money"},
        EvalErrorCase{"(outcome)", "expected a bool condition, but 'outcome' is string"},
        EvalErrorCase{"5", "expected a bool condition, but got int"},
        EvalErrorCase{"'yes'", "expected a bool condition, but got string"},
        EvalErrorCase{"amount and true", "'and' needs bool operands, but 'amount' is money"},
        EvalErrorCase{"false or 1", "'or' needs bool operands, but got int"},
        EvalErrorCase{"not name", "'not' needs bool operands, but 'name' is string"}));

INSTANTIATE_TEST_SUITE_P(
    UnknownVariables, ExpressionEvalErrorTest,
    testing::Values(EvalErrorCase{"missing == 1", "unknown variable 'missing'"},
                    EvalErrorCase{"missing", "unknown variable 'missing'"},
                    EvalErrorCase{"count == 3 and review.missing in ['x']",
                                  "unknown variable 'review.missing'"},
                    // Short-circuit only skips when the left side decides.
                    EvalErrorCase{"true and missing == 1", "unknown variable 'missing'"},
                    EvalErrorCase{"false or missing", "unknown variable 'missing'"},
                    // Variable names are case-sensitive.
                    EvalErrorCase{"Count == 3", "unknown variable 'Count'"}));

// Short-circuit: a deciding left side means the right is never looked at, so neither an
// unknown variable nor a type error there is reported.
INSTANTIATE_TEST_SUITE_P(
    ShortCircuit, ExpressionEvalTest,
    testing::Values(EvalCase{"false and missing == 1", false},
                    EvalCase{"true or missing == 1", true},
                    EvalCase{"rejected and name < 5", false},
                    EvalCase{"approved or amount", true},
                    EvalCase{"count == 4 and missing or approved", true},
                    EvalCase{"not (count == 3 or missing)", false}));

TEST(ExpressionEvaluateTest, ShortCircuitStillRequiresTheWholeExpressionToParse) {
  Result<Expression> e = Expression::Parse("false and missing ==");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message().rfind("column 21: ", 0), 0u) << e.status().message();
}

TEST(ExpressionEvaluateTest, EmptyLookupReportsUnknownVariable) {
  Result<Expression> e = Expression::Parse("amount > 5");
  ASSERT_TRUE(e.ok()) << e.status().message();
  Result<bool> with_empty = e->Evaluate(VariableLookup());
  ASSERT_FALSE(with_empty.ok());
  EXPECT_EQ(with_empty.status().message(), "unknown variable 'amount'");

  Result<bool> with_nothing_set = e->Evaluate([](std::string_view) { return nullptr; });
  ASSERT_FALSE(with_nothing_set.ok());
  EXPECT_EQ(with_nothing_set.status().message(), "unknown variable 'amount'");

  // A literal-only condition needs no lookup at all.
  Result<Expression> constant = Expression::Parse("1 < 2");
  ASSERT_TRUE(constant.ok());
  Result<bool> v = constant->Evaluate(VariableLookup());
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_TRUE(*v);
}

TEST(ExpressionEvaluateTest, ValuesChangeBetweenEvaluations) {
  Result<Expression> e = Expression::Parse("amount > 100000 and outcome == 'เห็นชอบ'");
  ASSERT_TRUE(e.ok()) << e.status().message();
  Vars vars = {{"amount", Value::OfMoney(Money{10000001})},  // 100,000.01 baht
               {"outcome", Value::String("เห็นชอบ")}};
  Result<bool> first = e->Evaluate(LookupIn(vars));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(*first);

  vars["amount"] = Value::OfMoney(Money{10000000});  // exactly 100,000 baht
  Result<bool> second = e->Evaluate(LookupIn(vars));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(*second);

  // A copy shares the tree and answers the same.
  const Expression copy = *e;
  Result<bool> third = copy.Evaluate(LookupIn(vars));
  ASSERT_TRUE(third.ok()) << third.status().message();
  EXPECT_FALSE(*third);
  EXPECT_EQ(copy.source(), e->source());
}

// ---------------------------------------------------------------- variables()

struct VariablesCase {
  std::string text;
  std::vector<std::string> variables;
  friend void PrintTo(const VariablesCase& c, std::ostream* os) { PrintText(c.text, os); }
};

class ExpressionVariablesTest : public testing::TestWithParam<VariablesCase> {};

TEST_P(ExpressionVariablesTest, ListsDistinctNamesInOrderOfFirstAppearance) {
  const VariablesCase& c = GetParam();
  Result<Expression> e = Expression::Parse(c.text);
  ASSERT_TRUE(e.ok()) << c.text << ": " << e.status().message();
  EXPECT_EQ(e->variables(), c.variables) << c.text;
  EXPECT_EQ(e->source(), c.text);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExpressionVariablesTest,
    testing::Values(
        VariablesCase{"true", {}},
        VariablesCase{"1 < 2 and 'a' in ['a', 'b']", {}},
        VariablesCase{"approved", {"approved"}},
        VariablesCase{"b == 1 and a == 2 or b == 3 and review.outcome in ['x']",
                      {"b", "a", "review.outcome"}},
        VariablesCase{"not (z > y) or y == z or x", {"z", "y", "x"}},
        // Skipped by short-circuit or not, every name counts.
        VariablesCase{"false and late == 1", {"late"}},
        // date(...) is a literal; a bare `date` is a variable.
        VariablesCase{"due < date('2025-01-01') and date == 1", {"due", "date"}}));

}  // namespace
}  // namespace krabuan
