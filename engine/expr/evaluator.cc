// Typed evaluation of the syntax tree. Comparisons never coerce silently: only the pairs
// listed in Order() compare, everything else is an error naming both types.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/expr/ast.h"

namespace krabuan::expr {
namespace {

// Compares baht (an int) with satang without multiplying, so no int64 can overflow.
std::strong_ordering CompareBahtWithSatang(std::int64_t baht, std::int64_t satang) {
  // Floor division: satang == whole * 100 + rest with 0 <= rest < 100.
  std::int64_t whole = satang / 100;
  std::int64_t rest = satang % 100;
  if (rest < 0) {
    whole -= 1;
    rest += 100;
  }
  if (baht != whole) return baht <=> whole;
  return rest == 0 ? std::strong_ordering::equal : std::strong_ordering::less;
}

// The order of a and b, or nullopt when their types do not compare. Bools come back as
// equal or unequal only (as less); the caller refuses ordering operators on them.
std::optional<std::strong_ordering> Order(const Value& a, const Value& b) {
  const ValueType ta = a.type();
  const ValueType tb = b.type();
  if (ta == tb) {
    switch (ta) {
      // std::string compares as unsigned char: byte order, which is code point order.
      case ValueType::kString: return a.as_string().compare(b.as_string()) <=> 0;
      case ValueType::kInt: return a.as_int() <=> b.as_int();
      case ValueType::kMoney: return a.as_money().satang <=> b.as_money().satang;
      case ValueType::kBool:
        return a.as_bool() == b.as_bool() ? std::strong_ordering::equal
                                          : std::strong_ordering::less;
      case ValueType::kDate: return a.as_date() <=> b.as_date();
      case ValueType::kFiscalYear: return a.as_fiscal_year().be <=> b.as_fiscal_year().be;
    }
  }
  // A bare number means baht next to money and a BE year next to a fiscal year.
  if (ta == ValueType::kInt && tb == ValueType::kMoney) {
    return CompareBahtWithSatang(a.as_int(), b.as_money().satang);
  }
  if (ta == ValueType::kMoney && tb == ValueType::kInt) {
    return 0 <=> CompareBahtWithSatang(b.as_int(), a.as_money().satang);
  }
  if (ta == ValueType::kInt && tb == ValueType::kFiscalYear) {
    return a.as_int() <=> std::int64_t{b.as_fiscal_year().be};
  }
  if (ta == ValueType::kFiscalYear && tb == ValueType::kInt) {
    return std::int64_t{a.as_fiscal_year().be} <=> b.as_int();
  }
  return std::nullopt;
}

Status CannotCompare(const Value& a, const Value& b, std::string_view op) {
  return Status::Invalid("cannot compare " + std::string(ValueTypeName(a.type())) + " with " +
                         std::string(ValueTypeName(b.type())) + " using '" +
                         std::string(op) + "'");
}

Result<bool> Compare(const Value& a, const Value& b, CompareOp op) {
  const std::optional<std::strong_ordering> order = Order(a, b);
  const bool is_equality = op == CompareOp::kEq || op == CompareOp::kNe;
  if (!order || (a.type() == ValueType::kBool && !is_equality)) {
    return CannotCompare(a, b, CompareOpSpelling(op));
  }
  switch (op) {
    case CompareOp::kEq: return *order == 0;
    case CompareOp::kNe: return *order != 0;
    case CompareOp::kLt: return *order < 0;
    case CompareOp::kLe: return *order <= 0;
    case CompareOp::kGt: return *order > 0;
    case CompareOp::kGe: return *order >= 0;
  }
  return Status::Internal("unknown comparison operator");
}

// Every element is type-checked, even after a match, so a badly typed list is an error
// whatever the variable holds today rather than only on the days it misses.
Result<bool> IsIn(const Value& x, const std::vector<Value>& list, bool negated) {
  bool found = false;
  for (const Value& element : list) {
    const std::optional<std::strong_ordering> order = Order(x, element);
    if (!order) return CannotCompare(x, element, negated ? "not in" : "in");
    if (*order == 0) found = true;
  }
  return found != negated;
}

// Names what a non-bool operand is, for messages: "'amount' is money" or "got int".
std::string DescribeNonBool(const Node& node, const Value& v) {
  const std::string type(ValueTypeName(v.type()));
  if (node.kind == Node::Kind::kVariable) return "'" + node.name + "' is " + type;
  return "got " + type;
}

Result<bool> EvaluateBool(const Node& node, const VariableLookup& lookup,
                          std::string_view needed_by) {
  Result<Value> v = EvaluateNode(node, lookup);
  if (!v.ok()) return v.status();
  if (v->type() != ValueType::kBool) {
    return Status::Invalid(std::string(needed_by) + " needs bool operands, but " +
                           DescribeNonBool(node, *v));
  }
  return v->as_bool();
}

}  // namespace

std::string_view CompareOpSpelling(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "==";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

Result<Value> EvaluateNode(const Node& node, const VariableLookup& lookup) {
  switch (node.kind) {
    case Node::Kind::kLiteral: return node.literal;
    case Node::Kind::kVariable: {
      const Value* v = lookup ? lookup(node.name) : nullptr;
      if (v == nullptr) return Status::Invalid("unknown variable '" + node.name + "'");
      return *v;
    }
    case Node::Kind::kNot: {
      Result<bool> b = EvaluateBool(*node.children[0], lookup, "'not'");
      if (!b.ok()) return b.status();
      return Value::Bool(!*b);
    }
    case Node::Kind::kAnd:
    case Node::Kind::kOr: {
      // `and` stops at the first false, `or` at the first true.
      const bool stop_at = node.kind == Node::Kind::kOr;
      for (const auto& child : node.children) {
        Result<bool> b = EvaluateBool(*child, lookup, stop_at ? "'or'" : "'and'");
        if (!b.ok()) return b.status();
        if (*b == stop_at) return Value::Bool(stop_at);
      }
      return Value::Bool(!stop_at);
    }
    case Node::Kind::kCompare: {
      Result<Value> a = EvaluateNode(*node.children[0], lookup);
      if (!a.ok()) return a;
      Result<Value> b = EvaluateNode(*node.children[1], lookup);
      if (!b.ok()) return b;
      Result<bool> r = Compare(*a, *b, node.op);
      if (!r.ok()) return r.status();
      return Value::Bool(*r);
    }
    case Node::Kind::kIn: {
      Result<Value> x = EvaluateNode(*node.children[0], lookup);
      if (!x.ok()) return x;
      Result<bool> r = IsIn(*x, node.list, node.negated);
      if (!r.ok()) return r.status();
      return Value::Bool(*r);
    }
  }
  return Status::Internal("unknown expression node");
}

}  // namespace krabuan::expr
