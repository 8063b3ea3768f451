// BPMN 2.0 files as process files: what `krabuan convert` prints and what deploy takes
// a .bpmn file as. The public face of engine/bpmn.
#pragma once

#include <map>
#include <string>

#include "engine/status.h"
#include "engine/views.h"

namespace krabuan {

struct BpmnConversion {
  std::string default_role = "pp-officer";                     // a task naming no group or assignee
  std::map<std::string, std::string, std::less<>> role_map;   // candidateGroups value -> role id
  bool refuse_automatic_tasks = false;                         // serviceTask/scriptTask: refused, not empty steps
  std::string process_id;                                      // which process, when the file holds several
};

// The process file a BPMN file converts to. Called processes not in the file are looked
// for in the other .bpmn files of its folder. Every problem at once, each
// "file:line:column: message (element 'id')"; the output is checked to read back as a
// process file (roles are checked when it is deployed).
Result<std::string> ConvertBpmn(const SourceFile& file, const BpmnConversion& options = {});

// A file as deploy takes it: a BPMN file converted (named "<path> (converted)", so
// problems point into the text `krabuan convert` prints), any other file as it is.
Result<SourceFile> AsProcessFile(SourceFile file, const BpmnConversion& options = {});

}  // namespace krabuan
