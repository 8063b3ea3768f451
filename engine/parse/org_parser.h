// Reads the org file (processes/org.xml) into an Org.
#pragma once

#include <string_view>

#include "engine/org/org.h"
#include "engine/status.h"

namespace krabuan {

// Every problem is reported, one line each, as "file:line:column: message".
// Checks: unique logins, roles and position numbers; every role a user or acting
// order names is declared; recorded-by names declared roles; acting ranks refer to
// positions; at least one user holds the 'admin' role.
Result<Org> ParseOrg(std::string_view xml, std::string_view file);

}  // namespace krabuan
