// `krabuan convert FILE.bpmn [-o OUT.xml]`: a BPMN 2.0 file as a native process file;
// and the conversion `deploy` and `validate` apply to .bpmn files.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"
#include "engine/engine.h"

namespace krabuan::cli {

struct ConvertArgs {
  std::string file;
  std::string out;                      // empty: stdout
  std::vector<std::string> role_map;    // GROUP=ROLE
  std::string default_role = "pp-officer";
  bool no_automatic_tasks = false;
  std::string process;
};

int CmdConvert(const GlobalOptions& g, const ConvertArgs& args, Io io);

// A .bpmn file (by name or root namespace) converted to the native format with `args`;
// any other file unchanged. A called process is looked for in the .bpmn files beside it.
Result<SourceFile> ConvertIfBpmn(SourceFile file, const ConvertArgs& args = {});

}  // namespace krabuan::cli
