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

}  // namespace

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
