#include "engine/exec/task_behavior.h"

#include "engine/exec/detail.h"
#include "engine/exec/escalation.h"

namespace krabuan {

using nlohmann::json;

Result<TaskId> OpenTask(CommandContext& ctx, const Node& node, TokenId token, const std::string& assignee,
                        const std::string& item, std::optional<Instant> due) {
  TaskRecord t;
  t.instance_id = ctx.instance().id;
  t.token_id = token;
  t.process_id = ctx.def().id();
  t.node_id = node.id;
  t.name = node.name;
  t.role = node.role;
  t.assignee = assignee;
  t.item = item;
  t.created_at = ctx.now();
  t.due_at = due;
  KRABUAN_RETURN_IF_ERROR(RouteAroundAbsence(ctx.txn(), ctx.org(), ctx.now(), t));
  Result<TaskId> id = ctx.txn().InsertTask(t);
  if (!id.ok()) return id.status();
  t.id = *id;
  if (t.due_at) {
    // The overdue alert waits as a timer, so the daemon finds it by its time alone.
    Result<std::int64_t> timer = ctx.txn().InsertTimer(
        TimerRecord{0, *t.due_at, TimerKind::kOverdue, ctx.instance().id, token, node.id, "", *id});
    if (!timer.ok()) return timer.status();
    KRABUAN_RETURN_IF_ERROR(SetReminderAndEscalation(ctx, node, t));
  }
  json detail = {{"name", node.name}};
  if (!node.role.empty()) detail["role"] = node.role;
  if (!t.assignee.empty()) detail["assignee"] = t.assignee;
  if (!item.empty()) detail["item"] = item;
  if (!t.acting_for.empty()) detail["acting_for"] = t.acting_for;
  if (t.due_at) detail["due"] = FormatInstantUtc(*t.due_at);
  KRABUAN_RETURN_IF_ERROR(ctx.Record("task-created", node.id, *id, DetailText(detail)));
  return id;
}

Status EndTask(CommandContext& ctx, TaskRecord& task, const TaskEnd& end) {
  if (task.state != TaskState::kOpen) {
    return Status::Internal("task " + std::to_string(task.id) + " is " + std::string(TaskStateName(task.state)) +
                            ", not open");
  }
  task.state = end.state;
  task.completed_at = ctx.now();
  if (!end.by.empty()) task.completed_by = end.by;
  if (end.state == TaskState::kCompleted) {
    task.outcome = end.outcome;
    if (task.assignee.empty()) task.assignee = end.by;
  }
  KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateTask(task));
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersOfTask(task.instance_id, task.id));   // no alert for ended work
  return ctx.Record(end.action, task.node_id, task.id, end.detail, end.comment);
}

Status EndOpenTasksOfToken(CommandContext& ctx, TokenId token, TaskState state, std::string_view action,
                           const json& detail) {
  TaskQuery q;
  q.all = true;
  q.instance = ctx.instance().id;
  Result<std::vector<TaskRecord>> open = ctx.txn().ListTasks(q);
  if (!open.ok()) return open.status();
  for (TaskRecord& t : *open) {
    if (t.token_id != token || t.state != TaskState::kOpen) continue;
    json d = detail.is_object() ? detail : json::object();
    if (!t.item.empty()) d["item"] = t.item;
    KRABUAN_RETURN_IF_ERROR(EndTask(ctx, t, TaskEnd{state, action, DetailText(d)}));
  }
  return Status::Ok();
}

Status AssignTask(CommandContext& ctx, TaskRecord& task, const std::string& login, const std::string& acting_for,
                  std::string_view action, std::string detail, std::string_view comment) {
  task.assignee = login;
  task.acting_for = acting_for;
  KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateTask(task));
  return ctx.Record(action, task.node_id, task.id, std::move(detail), comment);
}

}  // namespace krabuan
