// `krabuan manual [--format html|md] [--fiscal-year N] [--out DIR]`
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct ManualArgs {
  std::string format = "html";
  int fiscal_year = 0;   // 0: the fiscal year of today (the clock's)
  std::string out;       // a folder; empty: stdout (Markdown then has no images)
};

int CmdManual(const GlobalOptions& g, const ManualArgs& args, Io io);

}  // namespace krabuan::cli
