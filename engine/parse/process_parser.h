// Reads a process file (XML) into an immutable ProcessDefinition.
#pragma once

#include <string_view>

#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

// Parses and checks one process file. On failure the Status carries every problem,
// one line each, as "file:line:column: message (element 'id')".
// Checks here are those of the file alone (syntax, ids, flows, types, expressions,
// due expressions); checks against the org file are the engine's.
Result<ProcessDefinition> ParseProcess(std::string_view xml, std::string_view file);

// True when an id is acceptable: [a-z0-9] then [a-z0-9_-]*.
bool IsValidId(std::string_view id);

}  // namespace krabuan
