// Tasks and the listings of them (a user's tasks, an instance's, everyone's late work).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/status.h"
#include "engine/store/page.h"

namespace krabuan {

// Which tasks a listing holds. Unless `all`, a task is listed when it comes to the user in
// at least one of the ways below (once, however many); then the filters apply to all.
struct TaskQuery {
  bool open_only = true;              // only open tasks (false: every state)
  bool all = false;                    // ignore the ways below (administrators)
  std::vector<std::string> roles;      // unclaimed tasks of any of these roles ...
  // ... or assigned to this login. This way always counts, even for "": then every
  // unclaimed task (within the filters) is listed ...
  std::string assignee;
  // ... or items' tasks (a school's: item set) of roles the user records for, not
  // assigned to the user ...
  std::vector<std::string> recorded_roles;
  std::string escalated_to;            // ... or escalated to this login ("": not this way) ...
  // ... or, per (login, role), an absent principal's tasks that are not items': assigned
  // to the login, or unclaimed in the role.
  std::vector<std::pair<std::string, std::string>> principals;
  // Filters on all of the above.
  std::optional<InstanceId> instance;  // only this instance's tasks
  std::string role;                    // only tasks of this role ("": any)
  std::optional<Instant> due_before;   // only tasks due strictly before this instant (none without a due)
  // Ordered by due time then id, tasks without a due first, rather than by id.
  bool by_due = false;
};

// A listed task with what its instance says about it.
struct ListedTask {
  TaskRecord task;
  DefinitionId definition_id = 0;
  std::string business_key;
};

// Ids ascend (tasks are never deleted, so no id is given twice). Methods marked "Write."
// return Internal in a read transaction and change nothing.
class TaskStore {
 public:
  virtual ~TaskStore() = default;

  // nullopt when no task has the id.
  virtual Result<std::optional<TaskRecord>> FindTask(TaskId id) = 0;
  // Write. Stores every field but `id` and returns the new id. Conflict when the instance
  // does not exist (the token is not checked).
  virtual Result<TaskId> InsertTask(const TaskRecord& t) = 0;
  // Write. Sets assignee, state, outcome, due_at, completed_at, completed_by,
  // escalated_to and acting_for of the task with t.id; the other fields (instance,
  // token, process, node, name, role, item, created_at) are ignored. No such task: Ok,
  // nothing changes.
  virtual Status UpdateTask(const TaskRecord& t) = 0;
  // Every matching task, in the query's order.
  virtual Result<std::vector<TaskRecord>> ListTasks(const TaskQuery& q) = 0;
  // Every task of the instance, in every state, by id (empty for an unknown instance).
  virtual Result<std::vector<TaskRecord>> TasksOfInstance(InstanceId instance) = 0;
  // The same tasks with their instances' columns, in the same order, at most `limit` of
  // them (0 or less: all); `total` counts every match.
  virtual Result<Page<ListedTask>> PageTasks(const TaskQuery& q, int limit) = 0;
};

}  // namespace krabuan
