// Recursive descent over the token list, one function per grammar rule in expression.h.
#include <memory>
#include <string>
#include <utility>

#include "engine/expr/ast.h"
#include "engine/time/instant.h"

namespace krabuan::expr {
namespace {

using NodePtr = std::unique_ptr<Node>;

bool IsCompareOp(TokenKind k) {
  return k == TokenKind::kEq || k == TokenKind::kNe || k == TokenKind::kLt ||
         k == TokenKind::kLe || k == TokenKind::kGt || k == TokenKind::kGe;
}

CompareOp ToCompareOp(TokenKind k) {
  switch (k) {
    case TokenKind::kNe: return CompareOp::kNe;
    case TokenKind::kLt: return CompareOp::kLt;
    case TokenKind::kLe: return CompareOp::kLe;
    case TokenKind::kGt: return CompareOp::kGt;
    case TokenKind::kGe: return CompareOp::kGe;
    default: return CompareOp::kEq;
  }
}

// Not thread-safe; lives for a single ParseTokens call. REQUIRES: tokens end with kEnd.
class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {}

  Result<NodePtr> ParseAll() {
    Result<NodePtr> root = ParseOr();
    if (!root.ok()) return root;
    if (Peek().kind != TokenKind::kEnd) {
      return Expected("'and', 'or' or the end of the expression", Peek());
    }
    return root;
  }

 private:
  const Token& Peek(std::size_t ahead = 0) const {
    const std::size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }

  static Status ErrorAt(int column, const std::string& message) {
    return Status::Invalid("column " + std::to_string(column) + ": " + message);
  }
  static Status Expected(const std::string& what, const Token& found) {
    std::string message = "expected " + what + ", found " + DescribeToken(found);
    // A common slip from SQL or Python: AND, Or, TRUE.
    if (found.kind == TokenKind::kName) {
      std::string lower = found.text;
      for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower != found.text && (lower == "and" || lower == "or" || lower == "not" ||
                                  lower == "in" || lower == "true" || lower == "false")) {
        message += " (keywords are lower case)";
      }
    }
    return ErrorAt(found.column, message);
  }

  // Counts nesting through "(" and "not", the only ways the grammar recurses. Entered
  // on the way down, left on the way up.
  Status Enter(const Token& at) {
    if (++depth_ > kMaxNestingDepth) {
      return ErrorAt(at.column, "expected at most " + std::to_string(kMaxNestingDepth) +
                                    " levels of nested parentheses and 'not'");
    }
    return Status::Ok();
  }
  void Leave() { --depth_; }

  static NodePtr MakeNode(Node::Kind kind, int column) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->column = column;
    return node;
  }

  // Shared by or_expr and and_expr: operand { keyword operand }, kept n-ary.
  template <typename OperandParser>
  Result<NodePtr> ParseChain(TokenKind keyword, Node::Kind kind, OperandParser parse_operand) {
    Result<NodePtr> first = (this->*parse_operand)();
    if (!first.ok() || Peek().kind != keyword) return first;
    NodePtr chain = MakeNode(kind, (*first)->column);
    chain->children.push_back(std::move(first).value());
    while (Peek().kind == keyword) {
      Next();
      Result<NodePtr> operand = (this->*parse_operand)();
      if (!operand.ok()) return operand.status();
      chain->children.push_back(std::move(operand).value());
    }
    return Result<NodePtr>(std::move(chain));
  }

  Result<NodePtr> ParseOr() {
    return ParseChain(TokenKind::kOr, Node::Kind::kOr, &Parser::ParseAnd);
  }
  Result<NodePtr> ParseAnd() {
    return ParseChain(TokenKind::kAnd, Node::Kind::kAnd, &Parser::ParseNot);
  }

  Result<NodePtr> ParseNot() {
    if (Peek().kind != TokenKind::kNot) return ParseComparison();
    const Token& not_token = Next();
    KRABUAN_RETURN_IF_ERROR(Enter(not_token));
    Result<NodePtr> operand = ParseNot();
    Leave();
    if (!operand.ok()) return operand;
    NodePtr node = MakeNode(Node::Kind::kNot, not_token.column);
    node->children.push_back(std::move(operand).value());
    return Result<NodePtr>(std::move(node));
  }

  Result<NodePtr> ParseComparison() {
    Result<NodePtr> left = ParseOperand();
    if (!left.ok()) return left;
    const Token& op = Peek();
    if (IsCompareOp(op.kind)) {
      Next();
      Result<NodePtr> right = ParseOperand();
      if (!right.ok()) return right;
      if (IsCompareOp(Peek().kind)) {
        return ErrorAt(Peek().column, "expected 'and' or 'or' between comparisons, found " +
                                          DescribeToken(Peek()) +
                                          " (comparisons do not chain)");
      }
      NodePtr node = MakeNode(Node::Kind::kCompare, (*left)->column);
      node->op = ToCompareOp(op.kind);
      node->children.push_back(std::move(left).value());
      node->children.push_back(std::move(right).value());
      return Result<NodePtr>(std::move(node));
    }
    bool negated = false;
    if (op.kind == TokenKind::kNot) {
      if (Peek(1).kind != TokenKind::kIn) return Expected("'in' after 'not'", Peek(1));
      Next();
      negated = true;
    }
    if (Peek().kind != TokenKind::kIn) return left;
    Next();
    NodePtr node = MakeNode(Node::Kind::kIn, (*left)->column);
    node->negated = negated;
    node->children.push_back(std::move(left).value());
    KRABUAN_RETURN_IF_ERROR(ParseList(&node->list, &node->list_columns));
    return Result<NodePtr>(std::move(node));
  }

  Result<NodePtr> ParseOperand() {
    const Token& t = Peek();
    if (t.kind == TokenKind::kLParen) {
      Next();
      KRABUAN_RETURN_IF_ERROR(Enter(t));
      Result<NodePtr> inner = ParseOr();
      Leave();
      if (!inner.ok()) return inner;
      if (Peek().kind != TokenKind::kRParen) {
        return Expected("')' to close the '(' at column " + std::to_string(t.column), Peek());
      }
      Next();
      return inner;
    }
    if (t.kind == TokenKind::kName && !IsDateCall()) {
      Next();
      NodePtr node = MakeNode(Node::Kind::kVariable, t.column);
      node->name = t.text;
      return Result<NodePtr>(std::move(node));
    }
    Result<Value> literal = ParseLiteral("a value, a variable or '('");
    if (!literal.ok()) return literal.status();
    NodePtr node = MakeNode(Node::Kind::kLiteral, t.column);
    node->literal = std::move(literal).value();
    return Result<NodePtr>(std::move(node));
  }

  // `date` is a literal only when a "(" follows; otherwise it is an ordinary variable
  // name, since a process may well keep a variable called date.
  bool IsDateCall() const {
    return Peek().kind == TokenKind::kName && Peek().text == "date" &&
           Peek(1).kind == TokenKind::kLParen;
  }

  // literal = string | number | "true" | "false" | date. `what` names the alternatives
  // in the error, which depend on where the literal stands.
  Result<Value> ParseLiteral(const std::string& what) {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kString:
      case TokenKind::kInt:
      case TokenKind::kDecimal:
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        Next();
        return t.value;
      default:
        break;
    }
    if (!IsDateCall()) return Expected(what, t);
    Next();  // date
    Next();  // (
    const Token& text = Peek();
    if (text.kind != TokenKind::kString) {
      return Expected("a quoted date like date('2025-08-01')", text);
    }
    Next();
    Result<Date> date = ParseWrittenDate(text.value.as_string());
    if (!date.ok()) {
      if (ParseDate(text.value.as_string()).ok()) return ErrorAt(text.column, date.status().message());
      return ErrorAt(text.column, "expected a date as yyyy-mm-dd, found " + text.text);
    }
    if (Peek().kind != TokenKind::kRParen) return Expected("')' after the date", Peek());
    Next();
    return Value::OfDate(*date);
  }

  // list = "[" [ literal { "," literal } ] "]"
  Status ParseList(std::vector<Value>* out, std::vector<int>* columns) {
    if (Peek().kind != TokenKind::kLBracket) return Expected("'[' to start the list", Peek());
    Next();
    if (Peek().kind == TokenKind::kRBracket) {
      Next();
      return Status::Ok();
    }
    while (true) {
      columns->push_back(Peek().column);
      Result<Value> element =
          ParseLiteral("a literal in the list (a string, number, true, false or date(...))");
      if (!element.ok()) return element.status();
      out->push_back(std::move(element).value());
      if (Peek().kind == TokenKind::kRBracket) {
        Next();
        return Status::Ok();
      }
      if (Peek().kind != TokenKind::kComma) return Expected("',' or ']' in the list", Peek());
      Next();
    }
  }

  const std::vector<Token>& tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<std::unique_ptr<const Node>> ParseTokens(const std::vector<Token>& tokens) {
  if (tokens.empty() || tokens.back().kind != TokenKind::kEnd) {
    return Status::Internal("ParseTokens: token list does not end with kEnd");
  }
  Result<NodePtr> root = Parser(tokens).ParseAll();
  if (!root.ok()) return root.status();
  return std::unique_ptr<const Node>(std::move(root).value());
}

}  // namespace krabuan::expr
