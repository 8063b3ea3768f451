// What completing a task must give: an outcome when the step offers some (none when it
// offers none), and its fields, typed, each once, the required ones not blank. Every
// problem is reported at once, so one refusal says everything to put right.
#pragma once

#include <string>

#include "engine/exec/command_context.h"
#include "engine/exec/node_processor.h"
#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

struct CheckedCompletion {
  std::string outcome;     // the outcome's value ("" when the step has none)
  VariableMap fields;      // typed, by field name
  std::string prefix;      // where the fields are kept: "" or "<task>.<item>." for an item's
};

// REQUIRES: `ctx` is loaded (a required field may already hold a value).
Result<CheckedCompletion> CheckCompletion(CommandContext& ctx, const Node& node, const TaskRecord& task,
                                          const TaskCompletion& done);

}  // namespace krabuan
