#include "engine/expr/lexer.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "engine/text/utf8.h"

namespace krabuan::expr {
namespace {

constexpr std::uint64_t kMagnitudeLimit = std::uint64_t{1} << 63;  // |INT64_MIN|

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Applies the sign to a magnitude already checked against kMagnitudeLimit; false when
// a positive magnitude is one too large for int64.
bool ToSigned(std::uint64_t magnitude, bool negative, std::int64_t* out) {
  if (!negative) {
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return false;
    }
    *out = static_cast<std::int64_t>(magnitude);
    return true;
  }
  // Modular negation, then a conversion C++20 defines, so INT64_MIN needs no case.
  *out = static_cast<std::int64_t>(std::uint64_t{0} - magnitude);
  return true;
}

// One pass over the text. Not thread-safe; lives for a single Lex call.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) Advance();
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_];
      Result<Token> token = (c == '\'' || c == '"') ? LexString()
                            : (IsDigit(c) || c == '-') ? LexNumber()
                            : IsLetter(c)              ? LexName()
                                                       : LexSymbol();
      if (!token.ok()) return token.status();
      tokens.push_back(std::move(token).value());
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.column = column_;
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  static Status Error(int column, const std::string& message) {
    return Status::Invalid("column " + std::to_string(column) + ": " + message);
  }

  // Moves past one ASCII character.
  void Advance() {
    ++pos_;
    ++column_;
  }

  Token Make(TokenKind kind, std::size_t start, int column) const {
    Token t;
    t.kind = kind;
    t.column = column;
    t.text = std::string(text_.substr(start, pos_ - start));
    return t;
  }

  Result<Token> LexString() {
    const std::size_t start = pos_;
    const int column = column_;
    const char quote = text_[pos_];
    Advance();
    std::string decoded;
    while (true) {
      if (pos_ >= text_.size()) {
        return Error(column, std::string("unterminated string; expected a closing ") +
                                 quote + " before the end");
      }
      const char c = text_[pos_];
      if (c == quote) {
        Advance();
        break;
      }
      if (c == '\\') {
        const int escape_column = column_;
        Advance();
        if (pos_ >= text_.size()) continue;  // reported as unterminated above
        const char e = text_[pos_];
        if (e != '\'' && e != '"' && e != '\\') {
          const std::size_t len = DecodeAt(text_, pos_).length;
          const std::string shown = len == 0 ? "?" : std::string(text_.substr(pos_, len));
          return Error(escape_column, "unknown escape '\\" + shown +
                                          "'; expected \\', \\\" or \\\\");
        }
        decoded += e;
        Advance();
        continue;
      }
      const std::size_t len = DecodeAt(text_, pos_).length;
      if (len == 0) return Error(column_, "malformed UTF-8 in string; expected UTF-8 text");
      decoded.append(text_.substr(pos_, len));
      pos_ += len;
      ++column_;  // one code point, one column
    }
    Token t = Make(TokenKind::kString, start, column);
    t.value = Value::String(std::move(decoded));
    return t;
  }

  Result<Token> LexNumber() {
    const std::size_t start = pos_;
    const int column = column_;
    const bool negative = text_[pos_] == '-';
    if (negative) {
      Advance();
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
        return Error(column, "expected a digit after '-'");
      }
    }
    std::uint64_t whole = 0;
    bool overflow = false;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) {
      const std::uint64_t digit = static_cast<std::uint64_t>(text_[pos_] - '0');
      if (whole > (kMagnitudeLimit - digit) / 10) overflow = true;
      if (!overflow) whole = whole * 10 + digit;
      Advance();
    }
    bool decimal = false;
    std::uint64_t fraction_satang = 0;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      decimal = true;
      Advance();
      int digits = 0;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) {
        if (++digits > 2) {
          return Error(column, "expected at most two digits after '.' (money has satang "
                               "precision)");
        }
        fraction_satang = fraction_satang * 10 + static_cast<std::uint64_t>(text_[pos_] - '0');
        Advance();
      }
      if (digits == 0) return Error(column_, "expected a digit after '.'");
      if (digits == 1) fraction_satang *= 10;
    }
    Token t = Make(decimal ? TokenKind::kDecimal : TokenKind::kInt, start, column);
    std::uint64_t magnitude = whole;
    if (decimal && !overflow) {
      if (whole > (kMagnitudeLimit - fraction_satang) / 100) {
        overflow = true;
      } else {
        magnitude = whole * 100 + fraction_satang;
      }
    }
    std::int64_t signed_value = 0;
    if (overflow || !ToSigned(magnitude, negative, &signed_value)) {
      return Error(column, "number " + t.text + " is out of range");
    }
    if (decimal && (signed_value > kMaxMoneySatang || signed_value < -kMaxMoneySatang)) {
      return Error(column, "money " + t.text + " is beyond the money range (at most 999,999,999,999,999.99 either way)");
    }
    t.value = decimal ? Value::OfMoney(Money{signed_value}) : Value::Int(signed_value);
    return t;
  }

  Result<Token> LexName() {
    const std::size_t start = pos_;
    const int column = column_;
    while (pos_ < text_.size() && (IsLetter(text_[pos_]) || IsDigit(text_[pos_]) ||
                                   text_[pos_] == '_' || text_[pos_] == '.' ||
                                   // Node ids contain '-' (committee-approval.outcome); there
                                   // is no subtraction, so a '-' inside a name is unambiguous.
                                   (text_[pos_] == '-' && pos_ + 1 < text_.size() &&
                                    (IsLetter(text_[pos_ + 1]) || IsDigit(text_[pos_ + 1]))))) {
      Advance();
    }
    Token t = Make(TokenKind::kName, start, column);
    if (t.text == "and") t.kind = TokenKind::kAnd;
    if (t.text == "or") t.kind = TokenKind::kOr;
    if (t.text == "not") t.kind = TokenKind::kNot;
    if (t.text == "in") t.kind = TokenKind::kIn;
    if (t.text == "true") t.kind = TokenKind::kTrue;
    if (t.text == "false") t.kind = TokenKind::kFalse;
    if (t.kind == TokenKind::kTrue || t.kind == TokenKind::kFalse) {
      t.value = Value::Bool(t.kind == TokenKind::kTrue);
    }
    return t;
  }

  Result<Token> LexSymbol() {
    const std::size_t start = pos_;
    const int column = column_;
    const char c = text_[pos_];
    const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    auto single = [&](TokenKind kind) {
      Advance();
      return Make(kind, start, column);
    };
    auto pair = [&](TokenKind kind) {
      Advance();
      Advance();
      return Make(kind, start, column);
    };
    switch (c) {
      case '(': return single(TokenKind::kLParen);
      case ')': return single(TokenKind::kRParen);
      case '[': return single(TokenKind::kLBracket);
      case ']': return single(TokenKind::kRBracket);
      case ',': return single(TokenKind::kComma);
      case '<': return next == '=' ? pair(TokenKind::kLe) : single(TokenKind::kLt);
      case '>': return next == '=' ? pair(TokenKind::kGe) : single(TokenKind::kGt);
      case '=':
        if (next == '=') return pair(TokenKind::kEq);
        return Error(column, "expected '==' to compare, found '='");
      case '!':
        if (next == '=') return pair(TokenKind::kNe);
        return Error(column, "expected '!=', found '!' (write 'not' to negate)");
      case '&':
        return Error(column, "unexpected character '&'; expected 'and'");
      case '|':
        return Error(column, "unexpected character '|'; expected 'or'");
      default:
        break;
    }
    const std::size_t len = DecodeAt(text_, pos_).length;
    if (len == 0) return Error(column, "malformed UTF-8; expected UTF-8 text");
    return Error(column, "unexpected character '" + std::string(text_.substr(pos_, len)) +
                             "'" + (len > 1 ? " (only strings may hold non-ASCII text)" : ""));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int column_ = 1;  // the column of text_[pos_]
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text) { return Lexer(text).Run(); }

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd: return "end of expression";
    case TokenKind::kName: return "name '" + token.text + "'";
    case TokenKind::kString: return "string " + token.text;
    case TokenKind::kInt:
    case TokenKind::kDecimal: return "number " + token.text;
    default: return "'" + token.text + "'";
  }
}

}  // namespace krabuan::expr
