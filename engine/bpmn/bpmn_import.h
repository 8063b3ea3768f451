// BPMN 2.0 import: a BPMN file (the executable subset) written out as a native process
// file, so `convert` can print it and `deploy` feeds it to the usual parser and checks.
// The mapping of each element is in README "Importing BPMN 2.0".
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace krabuan::bpmn {

// The BPMN 2.0 model namespace; elements are matched by it, whatever their prefix.
inline constexpr std::string_view kModelNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";

// A BPMN file found for a callActivity's calledElement outside the file being imported.
struct ExternalFile {
  std::string text;
  std::string file;
};

struct ImportOptions {
  // The role of a task that names no candidate group or assignee.
  std::string default_role = "pp-officer";
  // candidateGroups value -> role id.
  std::map<std::string, std::string, std::less<>> role_map;
  // serviceTask/scriptTask: false imports them as steps that do nothing; true refuses them.
  bool refuse_automatic_tasks = false;
  // Which process to import when the file holds several executable ones.
  std::string process_id;
  // Finds the file defining a called process that is not in this file (none: refused).
  std::function<std::optional<ExternalFile>(std::string_view process_id)> find_process;
};

struct ImportResult {
  std::string xml;          // the native process file
  std::string process_id;   // its id
};

// Every problem at once, each "file:line:column: message (element 'id')".
Result<ImportResult> ImportBpmn(std::string_view text, std::string_view file, const ImportOptions& options = {});

// Looks for a called process in the other .bpmn files of `path`'s folder, by name order.
std::function<std::optional<ExternalFile>(std::string_view process_id)> FindInFolderOf(const std::string& path);

// True for a *.bpmn name or a document whose root is a BPMN `definitions`.
bool LooksLikeBpmn(std::string_view file, std::string_view text);

}  // namespace krabuan::bpmn
