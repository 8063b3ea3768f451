// `krabuan describe PROCESS` and `krabuan task ID`: what a process asks for and who does
// what in it, and what one task needs, so nobody has to read a process file to act.
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

int CmdDescribe(const GlobalOptions& g, const std::string& process, Io io);
int CmdTask(const GlobalOptions& g, const std::string& task, Io io);

}  // namespace krabuan::cli
