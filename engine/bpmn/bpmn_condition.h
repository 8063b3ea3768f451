// Conditions of BPMN sequence flows (FEEL, JUEL, Python-style) read into the native
// condition language where the translation is exact; everything else is refused.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/status.h"
#include "engine/value.h"

namespace krabuan::bpmn {

struct TranslatedCondition {
  std::string test;                                      // native: "amount > 5 and ok == true"
  std::vector<std::pair<std::string, ValueType>> reads;  // each variable and the type it compares as
};

// Accepts `${x == 'a'}`, `#{ok}`, `x > 5`, `!done`, `a == 1 && b != 'x'` (JUEL, FEEL
// and Python spell these alike): comparisons of one variable with one literal, a bare
// variable as a bool, and not/and/or. Refused, with the reason: a declared language that
// is a programming language (JavaScript, Groovy, XPath, …), member access
// (`this.variables.x`), calls, arithmetic, comparing two variables.
Result<TranslatedCondition> TranslateCondition(std::string_view text, std::string_view language);

}  // namespace krabuan::bpmn
