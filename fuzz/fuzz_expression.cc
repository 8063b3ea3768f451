// Fuzzes the condition language: Expression::Parse on any text and, on what parses,
// Evaluate against a fixed set of variables, one or more of each value type, and against
// no variables at all (every read is "unset").
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "engine/expr/expression.h"
#include "engine/value.h"

namespace {

using krabuan::Value;

const std::map<std::string, Value, std::less<>>& Variables() {
  using namespace std::chrono;
  static const auto* vars = new std::map<std::string, Value, std::less<>>{
      {"s", Value::String("approve")},
      {"outcome", Value::String("approve")},
      {"review.outcome", Value::String("reject")},
      {"committee-approval.outcome", Value::String("reject")},
      {"budget_category", Value::String("investment")},
      {"case_type", Value::String("merge-dissolve")},
      {"thai", Value::String("เห็นชอบ")},
      {"empty", Value::String("")},
      {"i", Value::Int(42)},
      {"n", Value::Int(-7)},
      {"big", Value::Int(INT64_MAX)},
      {"small", Value::Int(INT64_MIN)},
      {"m", Value::OfMoney(krabuan::Money{150000050})},
      {"amount", Value::OfMoney(krabuan::Money{100000000})},
      {"neg_money", Value::OfMoney(krabuan::Money{-2025})},
      {"max_money", Value::OfMoney(krabuan::Money{INT64_MAX})},
      {"b", Value::Bool(true)},
      {"urgent", Value::Bool(false)},
      {"final_round", Value::Bool(true)},
      {"d", Value::OfDate(year{2025} / August / day{1})},
      {"deadline", Value::OfDate(year{2025} / September / day{30})},
      {"fy", Value::OfFiscalYear(krabuan::FiscalYear{2568})},
      {"fiscal_year", Value::OfFiscalYear(krabuan::FiscalYear{2569})},
  };
  return *vars;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  krabuan::Result<krabuan::Expression> e = krabuan::Expression::Parse(text);
  if (!e.ok()) {
    (void)e.status().message();
    return 0;
  }
  (void)e->variables();
  (void)e->source();

  const auto& vars = Variables();
  krabuan::Result<bool> with_vars = e->Evaluate([&vars](std::string_view name) -> const Value* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : &it->second;
  });
  if (!with_vars.ok()) (void)with_vars.status().message();

  krabuan::Result<bool> unset = e->Evaluate([](std::string_view) -> const Value* { return nullptr; });
  if (!unset.ok()) (void)unset.status().message();

  // A copy shares the tree; evaluating it must give the same answer.
  krabuan::Expression copy = *e;
  (void)copy.Evaluate([&vars](std::string_view name) -> const Value* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : &it->second;
  });
  return 0;
}
