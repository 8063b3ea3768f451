// The `krabuan` command: argv in, one engine call, text or JSON out.
#pragma once

#include <iosfwd>

namespace krabuan::cli {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;   // refused, invalid input, not found
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitInternal = 3;  // database or program failure

// Runs one command; writes results to `out` and one line per problem to `err`.
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace krabuan::cli
