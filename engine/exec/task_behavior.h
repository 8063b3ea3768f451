// The only code that opens, assigns and ends tasks. A task's own timers (its overdue
// alert, reminder and escalation) are set when it opens and removed when it ends, so no
// alert is ever raised for work that is done.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/exec/command_context.h"
#include "engine/model/process_definition.h"
#include "engine/status.h"

namespace krabuan {

// Opens a task of `node` for `token`: assigned to `assignee` (or, while they are away,
// to whoever stands in), for `item` of work per item, due at `due`. Records
// "task-created".
Result<TaskId> OpenTask(CommandContext& ctx, const Node& node, TokenId token, const std::string& assignee,
                        const std::string& item, std::optional<Instant> due);

// How an open task ends.
struct TaskEnd {
  TaskState state = TaskState::kCompleted;   // completed, cancelled or expired
  std::string_view action;                   // its history row: task-completed, task-cancelled, ...
  std::string detail = "{}";                 // the row's detail, a JSON object
  std::string by = {};                       // who ended it; empty when the engine did
  std::string outcome = {};                  // completed: the outcome chosen, if any
  std::string_view comment = {};
};

// The one transition out of kOpen. REQUIRES: task.state == kOpen.
Status EndTask(CommandContext& ctx, TaskRecord& task, const TaskEnd& end);

// Every open task `token` holds ends with `state`, each recorded as `action` with
// `detail` plus its item.
Status EndOpenTasksOfToken(CommandContext& ctx, TokenId token, TaskState state, std::string_view action,
                           const nlohmann::json& detail);

// The task goes to `login` (claimed, or handed on): `acting_for` names the absent holder
// they take it for, if any. Records `action` with `detail`.
Status AssignTask(CommandContext& ctx, TaskRecord& task, const std::string& login, const std::string& acting_for,
                  std::string_view action, std::string detail, std::string_view comment = {});

}  // namespace krabuan
