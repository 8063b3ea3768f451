#include "engine/bpmn/bpmn_condition.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace krabuan::bpmn {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

enum class Tok { kIdent, kString, kNumber, kOp, kLParen, kRParen, kEnd };

struct Token {
  Tok kind;
  std::string text;  // identifier, operator, the string's content, the number as written
};

Status Refuse(std::string_view text, const std::string& why) {
  return Status::Invalid("condition '" + std::string(text) + "' cannot be imported: " + why);
}

// Splits into tokens; word operators (and, or, not, eq, …) stay identifiers here.
Result<std::vector<Token>> Lex(std::string_view text, std::string_view whole) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
      out.push_back({Tok::kIdent, std::string(text.substr(i, j - i))});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
      out.push_back({Tok::kNumber, std::string(text.substr(i, j - i))});
      i = j;
    } else if (c == '\'' || c == '"') {
      std::string s;
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != c) {
        if (text[j] == '\\') return Refuse(whole, "escapes inside strings are not translated");
        s += text[j++];
      }
      if (j >= text.size()) return Refuse(whole, "a string is not closed");
      out.push_back({Tok::kString, s});
      i = j + 1;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Tok::kLParen : Tok::kRParen, std::string(1, c)});
      ++i;
    } else {
      static const char* const kOps[] = {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!"};
      bool found = false;
      for (const char* op : kOps) {
        std::string_view o(op);
        if (text.substr(i, o.size()) == o) {
          out.push_back({Tok::kOp, std::string(o)});
          i += o.size();
          found = true;
          break;
        }
      }
      if (!found) {
        if (c == '.') return Refuse(whole, "member access ('.') is not translated; write the variable's name alone");
        if (c == '=') return Refuse(whole, "'=' is assignment or FEEL equality; write '=='");
        return Refuse(whole, std::string("'") + c + "' is not translated (only comparisons with not/and/or)");
      }
    }
  }
  out.push_back({Tok::kEnd, ""});
  return out;
}

class Translator {
 public:
  Translator(std::vector<Token> toks, std::string_view whole) : toks_(std::move(toks)), whole_(whole) {}

  Result<TranslatedCondition> Run() {
    Result<std::string> r = Or();
    if (!r.ok()) return r.status();
    if (Peek().kind != Tok::kEnd) return Refuse(whole_, "unexpected '" + Peek().text + "'");
    TranslatedCondition out;
    out.test = *r;
    for (auto& [name, type] : reads_) out.reads.emplace_back(name, type);
    return out;
  }

 private:
  const Token& Peek() const { return toks_[pos_]; }
  bool IsWord(std::string_view w) const { return Peek().kind == Tok::kIdent && Lower(Peek().text) == w; }
  bool IsOp(std::string_view o) const { return Peek().kind == Tok::kOp && Peek().text == o; }

  Result<std::string> Or() {
    Result<std::string> left = And();
    if (!left.ok()) return left;
    std::string out = *left;
    while (IsOp("||") || IsWord("or")) {
      ++pos_;
      Result<std::string> right = And();
      if (!right.ok()) return right;
      out += " or " + *right;
    }
    return out;
  }

  Result<std::string> And() {
    Result<std::string> left = Not();
    if (!left.ok()) return left;
    std::string out = *left;
    while (IsOp("&&") || IsWord("and")) {
      ++pos_;
      Result<std::string> right = Not();
      if (!right.ok()) return right;
      out += " and " + *right;
    }
    return out;
  }

  Result<std::string> Not() {
    if (IsOp("!") || IsWord("not")) {
      ++pos_;
      Result<std::string> inner = Not();
      if (!inner.ok()) return inner;
      return "not " + *inner;
    }
    return Comparison();
  }

  // An operand: a variable, a literal or a parenthesised expression.
  struct Operand {
    enum { kVar, kLit, kGroup } kind;
    std::string text;   // native spelling
    ValueType type = ValueType::kBool;
  };

  Result<Operand> ReadOperand() {
    const Token& t = Peek();
    if (t.kind == Tok::kLParen) {
      ++pos_;
      Result<std::string> inner = Or();
      if (!inner.ok()) return inner.status();
      if (Peek().kind != Tok::kRParen) return Refuse(whole_, "a '(' is not closed");
      ++pos_;
      return Operand{Operand::kGroup, "(" + *inner + ")"};
    }
    if (t.kind == Tok::kString) {
      ++pos_;
      std::string q = "'";
      for (char c : t.text) q += (c == '\'') ? std::string("\\'") : std::string(1, c);
      return Operand{Operand::kLit, q + "'", ValueType::kString};
    }
    if (t.kind == Tok::kNumber) {
      ++pos_;
      std::size_t dot = t.text.find('.');
      if (dot == std::string::npos) return Operand{Operand::kLit, t.text, ValueType::kInt};
      if (t.text.find('.', dot + 1) != std::string::npos || t.text.size() - dot - 1 > 2 || dot + 1 == t.text.size()) {
        return Refuse(whole_, "the number '" + t.text + "' is not an integer or an amount with two decimals");
      }
      return Operand{Operand::kLit, t.text, ValueType::kMoney};
    }
    if (t.kind == Tok::kIdent) {
      std::string w = Lower(t.text);
      if (w == "true" || w == "false") {
        ++pos_;
        return Operand{Operand::kLit, w, ValueType::kBool};
      }
      if (w == "and" || w == "or" || w == "not" || w == "null" || w == "empty" || w == "this") {
        return Refuse(whole_, "'" + t.text + "' is not translated here");
      }
      ++pos_;
      if (Peek().kind == Tok::kLParen) return Refuse(whole_, "calls such as '" + t.text + "(…)' are not translated");
      if (t.text == "outcome") return Refuse(whole_, "'outcome' is the native language's own variable");
      return Operand{Operand::kVar, t.text};
    }
    return Refuse(whole_, t.kind == Tok::kEnd ? "it ends too early" : "unexpected '" + t.text + "'");
  }

  static std::optional<std::string> ComparisonOp(const Token& t) {
    if (t.kind == Tok::kOp && (t.text == "==" || t.text == "!=" || t.text == "<" || t.text == "<=" ||
                               t.text == ">" || t.text == ">=")) {
      return t.text;
    }
    if (t.kind == Tok::kIdent) {
      static const std::map<std::string, std::string> kWords = {
          {"eq", "=="}, {"ne", "!="}, {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}};
      auto it = kWords.find(Lower(t.text));
      if (it != kWords.end()) return it->second;
    }
    return std::nullopt;
  }

  Status Read(const std::string& var, ValueType type) {
    auto [it, fresh] = reads_.emplace(var, type);
    if (!fresh && it->second != type) {
      return Refuse(whole_, "'" + var + "' is compared both as " + std::string(ValueTypeName(it->second)) +
                                " and as " + std::string(ValueTypeName(type)));
    }
    return Status::Ok();
  }

  Result<std::string> Comparison() {
    Result<Operand> left = ReadOperand();
    if (!left.ok()) return left.status();
    std::optional<std::string> op = ComparisonOp(Peek());
    if (!op) {
      if (left->kind == Operand::kGroup) return left->text;
      if (left->kind == Operand::kLit) {
        if (left->type == ValueType::kBool) return left->text;
        return Refuse(whole_, "a lone literal is not a condition");
      }
      KRABUAN_RETURN_IF_ERROR(Read(left->text, ValueType::kBool));
      return left->text + " == true";   // JUEL's `${approved}`: the variable is a bool
    }
    ++pos_;
    Result<Operand> right = ReadOperand();
    if (!right.ok()) return right.status();
    const Operand* var = left->kind == Operand::kVar ? &*left : right->kind == Operand::kVar ? &*right : nullptr;
    const Operand* lit = left->kind == Operand::kLit ? &*left : right->kind == Operand::kLit ? &*right : nullptr;
    if (var == nullptr || lit == nullptr) {
      return Refuse(whole_, "only a variable compared with a literal is translated (the types of two variables are unknown)");
    }
    if (lit->type == ValueType::kBool && *op != "==" && *op != "!=") {
      return Refuse(whole_, "true/false compare only with == and !=");
    }
    if (lit->type == ValueType::kString && *op != "==" && *op != "!=") {
      return Refuse(whole_, "strings are ordered differently by each language; only == and != are translated");
    }
    KRABUAN_RETURN_IF_ERROR(Read(var->text, lit->type));
    return left->text + " " + *op + " " + right->text;
  }

  std::vector<Token> toks_;
  std::string_view whole_;
  std::size_t pos_ = 0;
  std::map<std::string, ValueType> reads_;
};

}  // namespace

Result<TranslatedCondition> TranslateCondition(std::string_view text, std::string_view language) {
  std::string lang = Lower(language);
  // Declared programming languages run code; their meaning is the interpreter's.
  bool foreign = lang == "js";
  for (const char* name : {"javascript", "ecmascript", "groovy", "xpath", "python", "ruby"}) {
    foreign = foreign || lang.find(name) != std::string::npos;
  }
  if (foreign) {
    return Refuse(text, "its language '" + std::string(language) +
                            "' is a programming language; krabuan translates only JUEL/FEEL-style comparisons");
  }
  std::string_view body = Trim(text);
  if ((body.starts_with("${") || body.starts_with("#{")) && body.ends_with("}")) {
    body = Trim(body.substr(2, body.size() - 3));   // JUEL: the expression inside ${ }
  }
  if (body.empty()) return Refuse(text, "it is empty");
  Result<std::vector<Token>> toks = Lex(body, text);
  if (!toks.ok()) return toks.status();
  return Translator(std::move(*toks), text).Run();
}

}  // namespace krabuan::bpmn
