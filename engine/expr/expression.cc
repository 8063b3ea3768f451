// Glue between the public Expression and the lexer, parser and evaluator.
#include "engine/expr/expression.h"

#include <string>
#include <unordered_set>
#include <utility>

#include "engine/expr/ast.h"
#include "engine/expr/lexer.h"

namespace krabuan {
namespace {

// Pre-order, children left to right: the order names appear in the source text.
// Recursion depth is bounded by the parser's nesting limit.
void CollectVariables(const expr::Node& node, std::unordered_set<std::string>* seen,
                      std::vector<std::string>* out) {
  if (node.kind == expr::Node::Kind::kVariable && seen->insert(node.name).second) {
    out->push_back(node.name);
  }
  for (const auto& child : node.children) CollectVariables(*child, seen, out);
}

void CollectLiterals(const expr::Node& node, std::vector<LiteralComparison>* out) {
  using Kind = expr::Node::Kind;
  if (node.kind == Kind::kCompare && node.children.size() == 2) {
    const expr::Node& a = *node.children[0];
    const expr::Node& b = *node.children[1];
    if (a.kind == Kind::kVariable && b.kind == Kind::kLiteral) out->push_back({a.name, b.literal, b.column});
    if (a.kind == Kind::kLiteral && b.kind == Kind::kVariable) out->push_back({b.name, a.literal, a.column});
  } else if (node.kind == Kind::kIn && !node.children.empty() && node.children[0]->kind == Kind::kVariable) {
    for (std::size_t i = 0; i < node.list.size(); ++i) {
      int column = i < node.list_columns.size() ? node.list_columns[i] : node.column;
      out->push_back({node.children[0]->name, node.list[i], column});
    }
  }
  for (const auto& child : node.children) CollectLiterals(*child, out);
}

}  // namespace

std::vector<LiteralComparison> Expression::LiteralComparisons() const {
  std::vector<LiteralComparison> out;
  if (root_) CollectLiterals(*root_, &out);
  return out;
}

Result<Expression> Expression::Parse(std::string_view text) {
  Result<std::vector<expr::Token>> tokens = expr::Lex(text);
  if (!tokens.ok()) return tokens.status();
  Result<std::unique_ptr<const expr::Node>> root = expr::ParseTokens(*tokens);
  if (!root.ok()) return root.status();

  Expression e;
  e.root_ = std::move(root).value();
  e.source_ = std::string(text);
  std::unordered_set<std::string> seen;
  CollectVariables(*e.root_, &seen, &e.variables_);
  return e;
}

Result<bool> Expression::Evaluate(const VariableLookup& lookup) const {
  // Only a moved-from Expression has no tree.
  if (!root_) return Status::Internal("evaluating an expression that holds no tree");
  Result<Value> v = expr::EvaluateNode(*root_, lookup);
  if (!v.ok()) return v.status();
  if (v->type() != ValueType::kBool) {
    const std::string type(ValueTypeName(v->type()));
    if (root_->kind == expr::Node::Kind::kVariable) {
      return Status::Invalid("expected a bool condition, but '" + root_->name + "' is " + type);
    }
    return Status::Invalid("expected a bool condition, but got " + type);
  }
  return v->as_bool();
}

}  // namespace krabuan
