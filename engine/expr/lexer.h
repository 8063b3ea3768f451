// The condition language's tokens: text -> a flat token list the parser walks.
//
// Columns are 1-based and count code points, not bytes, so an error in
// "outcome == 'เห็นชอบ' x" points where a person sees it. Only string literals may hold
// non-ASCII text; everything else in the language is ASCII.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "engine/value.h"

namespace krabuan::expr {

enum class TokenKind {
  kEnd,  // always the last token; its column is one past the last character
  kName,     // a variable name (also "date", which the parser reads in context)
  kString,   // value holds the decoded text
  kInt,      // value holds Value::Int
  kDecimal,  // value holds Value::OfMoney
  kTrue,
  kFalse,
  kAnd,
  kOr,
  kNot,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int column = 0;    // 1-based, in code points of the source text
  std::string text;  // the lexeme as written (quotes and escapes included)
  Value value;       // literals only
};

// Splits `text` into tokens ending with kEnd. Invalid on the first lexical error, with a
// message starting "column N: " (unterminated string, unknown escape, lone '=', a number
// out of range or with more than two decimals, a character outside the language,
// malformed UTF-8).
Result<std::vector<Token>> Lex(std::string_view text);

// How a token is named in error messages: "end of expression", "name 'amount'",
// "string 'abc'", "number 5", "'=='".
std::string DescribeToken(const Token& token);

}  // namespace krabuan::expr
