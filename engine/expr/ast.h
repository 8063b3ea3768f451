// The condition language's syntax tree, and the two functions that build and walk it.
//
// Private to engine/expr: callers use Expression (expression.h). A tree is immutable once
// built, so one tree is shared by every copy of an Expression and may be evaluated from
// many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/expr/lexer.h"
#include "engine/status.h"
#include "engine/value.h"

namespace krabuan::expr {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// One flat node type; `kind` says which fields mean something. `and`/`or` chains are
// n-ary rather than nested binary nodes, so `a and b and ... and z` stays shallow and
// neither evaluation nor destruction recurses once per operand.
struct Node {
  enum class Kind {
    kLiteral,   // literal
    kVariable,  // name
    kNot,       // children[0]
    kAnd,       // children (two or more), evaluated left to right, short-circuit
    kOr,        // children (two or more), evaluated left to right, short-circuit
    kCompare,   // children[0] op children[1]
    kIn,        // children[0] in list; negated for "not in"
  };

  Kind kind = Kind::kLiteral;
  int column = 0;  // where the node's text starts, 1-based code points
  Value literal;
  std::string name;
  CompareOp op = CompareOp::kEq;
  bool negated = false;
  std::vector<Value> list;
  std::vector<int> list_columns;   // where each list element starts
  std::vector<std::unique_ptr<const Node>> children;
};

// The parser's depth limit on nested parentheses and `not`s: deep enough for any
// condition a person writes, shallow enough that hostile input cannot exhaust the stack.
inline constexpr int kMaxNestingDepth = 64;

// Builds the tree for `tokens` (as returned by Lex, ending with kEnd). Invalid on a
// syntax error, with a message "column N: expected ..., found ...".
Result<std::unique_ptr<const Node>> ParseTokens(const std::vector<Token>& tokens);

// Evaluates `node` to a value (a bool for every node but literals and variables).
// Invalid for an unknown variable, a comparison of unlike types, or a non-bool operand of
// `and`, `or` or `not`. Operands skipped by short-circuit are not looked at.
Result<Value> EvaluateNode(const Node& node, const VariableLookup& lookup);

// "==", "!=", "<", "<=", ">", ">=".
std::string_view CompareOpSpelling(CompareOp op);

}  // namespace krabuan::expr
