// `krabuan absent USER --from DATE --to DATE [--reason TEXT]`, `absent --list`,
// `absent --cancel ID`: who is away, so acting officers stand in for the group director.
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct AbsentArgs {
  std::string user;     // default: --as
  std::string from, to;  // ISO dates (2025-08-01), as --now accepts them
  std::string reason;
  bool list = false;
  std::string cancel;   // an absence id
};

int CmdAbsent(const GlobalOptions& g, const AbsentArgs& args, Io io);

}  // namespace krabuan::cli
