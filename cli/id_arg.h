// Numeric ids typed on the command line: task, instance, timer, alert and absence ids.
// Every command reads them the same way and refuses them with the same kind of line.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/status.h"

namespace krabuan::cli {

// The id `text` names: one or more ASCII digits (leading zeros allowed), above zero and
// within int64. Anything else (nothing, a sign, a space, a letter, zero) is Invalid:
// "'TEXT' is not WHAT id (a positive number)", where `what` names the kind with its
// article ("a task", "an instance", "a timer", "an alert", "an absence"); a number too
// large for an id says so: "… (a positive number up to 9223372036854775807)".
Result<std::int64_t> ParseId(std::string_view text, std::string_view what);

}  // namespace krabuan::cli
