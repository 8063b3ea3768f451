// Values people give by name (a start's inputs, a task's fields): parsing against their
// declarations, and the messages that refuse them, shared so both read alike.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/model/process_definition.h"
#include "engine/status.h"
#include "engine/value.h"

namespace krabuan {

using NamedText = std::pair<std::string, std::string>;   // name=value as typed

// The typed value of `text` for `decl`, or why not ("variable 'x' (money): …").
Result<Value> ParseAssigned(const VariableDecl& decl, const std::string& text);

// Blank text: nothing but spaces. A required value must be more than that.
bool IsBlank(std::string_view text);

// The declared names, comma-separated ("none" when there are none).
std::string DeclNames(const std::vector<VariableDecl>& decls);

// "input 'x' (string) is required: --set x=..." (blank: "… and may not be blank"), with
// the choices of an enumerated variable.
std::string RequiredMessage(const std::string& what, const VariableDecl& decl, bool blank);

// One value per name: a second one is refused, not silently taken over the first (an
// input that routes the case would route it by whichever came last).
std::string TwiceMessage(const std::string& what, const std::vector<NamedText>& given, const std::string& name);

}  // namespace krabuan
