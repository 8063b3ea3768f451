// `krabuan plan PROCESS --fiscal-year N [--start DATE] [--format table|csv|svg] [--out FILE]`
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct PlanArgs {
  std::string process;
  int fiscal_year = 0;
  std::string start;        // ISO date or instant; default: the fiscal year's first day
  std::string format = "table";
  std::string out;          // file to write instead of stdout
};

int CmdPlan(const GlobalOptions& g, const PlanArgs& args, Io io);

}  // namespace krabuan::cli
