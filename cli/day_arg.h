// Days typed on the command line (absences, token expiry).
#pragma once

#include <string>

#include "engine/status.h"
#include "engine/time/instant.h"

namespace krabuan::cli {

// A day as `--now` reads it (an ISO date, or an instant whose office day counts). Years
// are CE: a Buddhist-Era year would silently mean five centuries ahead. `option` names
// the option in messages.
Result<Date> ParseDay(const std::string& text, const char* option);

}  // namespace krabuan::cli
