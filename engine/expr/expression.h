// Conditions: a small, safe expression language for `test=` on choices.
//
// Grammar (EBNF; keywords are case-sensitive, lower case):
//   expr       = or_expr ;
//   or_expr    = and_expr { "or" and_expr } ;
//   and_expr   = not_expr { "and" not_expr } ;
//   not_expr   = "not" not_expr | comparison ;
//   comparison = operand [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) operand
//                        | [ "not" ] "in" list ] ;
//   operand    = literal | variable | "(" expr ")" ;
//   list       = "[" [ literal { "," literal } ] "]" ;
//   literal    = string | number | "true" | "false" | date ;
//   string     = "'" { char } "'" | '"' { char } '"' ;      (UTF-8; \' \" \\ escapes)
//   number     = [ "-" ] digit { digit } [ "." digit [ digit ] ] ;   (a decimal is money)
//   date       = "date" "(" string ")" ;                     (ISO yyyy-mm-dd)
//   variable   = letter { letter | digit | "_" | "." | "-" } ; (e.g. outcome, review.outcome,
//                                                              committee-approval.outcome)
//
// Types are checked: numbers compare with int, money and fiscal-year values; dates with
// dates; strings with strings; bools only with == and !=. A comparison of unlike types,
// a non-bool result, or an unknown variable is an error, never a silent false.
// Evaluation has no side effects and runs in time linear in the expression's size.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "engine/value.h"

namespace krabuan {

// Answers a variable's current value, or nullptr when the variable is not set.
using VariableLookup = std::function<const Value*(std::string_view name)>;

namespace expr {
struct Node;  // the syntax tree; private to the implementation
}

// A literal a condition compares a variable with: `x == 'a'`, `'a' != x`, `x in ['a',
// 'b']` (one per list element), with the column (1-based, in characters) where the
// literal starts. What the deploy checks hold against an enumerated variable's choices.
struct LiteralComparison {
  std::string variable;
  Value literal;
  int column = 0;
};

// A parsed condition. Immutable and thread-safe to evaluate; cheap to copy (shared tree).
class Expression {
 public:
  // Invalid on a syntax error; the message starts with "column N: " (1-based, in
  // characters of `text`) and says what was expected.
  static Result<Expression> Parse(std::string_view text);

  // Evaluates to a bool. Invalid for type errors, unknown variables and non-bool results;
  // messages name the variable or operator and the types involved.
  Result<bool> Evaluate(const VariableLookup& lookup) const;

  // Every literal compared directly with a variable, in source order.
  std::vector<LiteralComparison> LiteralComparisons() const;

  // The distinct variable names the expression reads, in order of first appearance.
  const std::vector<std::string>& variables() const { return variables_; }
  const std::string& source() const { return source_; }

 private:
  Expression() = default;
  std::shared_ptr<const expr::Node> root_;
  std::vector<std::string> variables_;
  std::string source_;
};

}  // namespace krabuan
