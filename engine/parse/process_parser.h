// Reads a process file (XML) into an immutable ProcessDefinition.
#pragma once

#include <functional>
#include <string_view>

#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

// What the file's roles and logins are checked against (the org file); either may be
// empty, and then that check is skipped.
struct ProcessContext {
  std::function<bool(std::string_view role)> role_exists;
  std::function<bool(std::string_view login)> login_exists;
};

// Parses and checks one process file. On failure the Status carries every problem,
// one line each, as "file:line:column: message (element 'id')": syntax, ids, flows,
// types, expressions, due expressions and, with a context, roles and logins.
Result<ProcessDefinition> ParseProcess(std::string_view xml, std::string_view file,
                                       const ProcessContext& context = {});

// True when an id is acceptable: [a-z0-9] then [a-z0-9_-]*.
bool IsValidId(std::string_view id);

}  // namespace krabuan
