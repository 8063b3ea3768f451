// `krabuan render PROCESS [--instance ID] [--format dot|svg] [--out FILE]`: a process's
// flowchart as Graphviz DOT or SVG, optionally with one instance's path drawn over it.
#pragma once

#include <string>

#include "cli/commands.h"

namespace krabuan::cli {

struct RenderOptions {
  std::string process;
  std::string instance;        // empty: the plain flowchart
  std::string format = "dot";  // "dot" or "svg"
  std::string out;             // empty: stdout
};

// Writes the flowchart of PROCESS's latest version. Exit 1 (one line on stderr) for an
// unknown process, an unknown instance, an instance of another process, a file that
// cannot be written, and SVG without Graphviz installed.
int CmdRender(const GlobalOptions& g, const RenderOptions& options, Io io);

}  // namespace krabuan::cli
