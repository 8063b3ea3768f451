// <task>: a person's step. A token arriving opens its task (or one per item), now or
// when the step's window opens; the task's timers raise its alerts; a person completes
// it with an outcome and fields; the token then leaves (for work per item, once every
// item is in or the cut-off passed). A boundary timer may interrupt it.
#include <nlohmann/json.hpp>

#include "engine/exec/alerts.h"
#include "engine/exec/boundary.h"
#include "engine/exec/detail.h"
#include "engine/exec/escalation.h"
#include "engine/exec/processors.h"
#include "engine/exec/task_behavior.h"
#include "engine/exec/task_completion.h"
#include "engine/exec/token_behavior.h"
#include "engine/exec/work_items.h"

namespace krabuan {
namespace {

using nlohmann::json;

// "${name}" names a string variable holding a login; anything else is a login.
// A login read from a variable is checked against the org: a mistyped name would
// otherwise make a task nobody can see or complete.
Result<std::string> ResolveAssignee(const Node& node, const VariableMap& vars, const Org& org) {
  if (!node.assignee.starts_with("${")) return node.assignee;
  std::string name = node.assignee.substr(2, node.assignee.size() - 3);
  auto it = vars.find(name);
  if (it == vars.end() || it->second.type() != ValueType::kString || it->second.as_string().empty()) {
    return Status::Invalid("task '" + node.id + "': assignee variable '" + name + "' is not set to a login");
  }
  const std::string& login = it->second.as_string();
  if (org.FindUser(login) == nullptr) {
    return Status::Invalid("task '" + node.id + "': '" + login + "' (from variable '" + name +
                           "') is not a login of the org file");
  }
  return login;
}

// The task(s) of a token resting at `node`: one, or one per item, and the cut-off timer,
// dated by `timing` (the step resolved as its tasks open).
// REQUIRES: for work per item, `items` is not empty.
Status OpenTasks(CommandContext& ctx, const Node& node, TokenId token, const StepTiming& timing,
                 const std::vector<std::string>& items) {
  KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, timing));
  KRABUAN_RETURN_IF_ERROR(SetBoundaryTimers(ctx, node, token));
  if (node.for_each.empty()) {
    Result<std::string> assignee = ResolveAssignee(node, ctx.variables(), ctx.org());
    if (!assignee.ok()) return assignee.status();
    return OpenTask(ctx, node, token, *assignee, "", timing.due).status();
  }
  for (const std::string& item : items) {
    Result<TaskId> id = OpenTask(ctx, node, token, item, item, timing.due);
    if (!id.ok()) return id.status();
  }
  if (timing.cutoff) {
    KRABUAN_RETURN_IF_ERROR(
        ctx.txn()
            .InsertTimer(TimerRecord{0, *timing.cutoff, TimerKind::kCutoff, ctx.instance().id, token, node.id, ""})
            .status());
  }
  return Status::Ok();
}

// The step's window opened: its task(s) are created for the token resting there, by the
// same rule as on arrival (the chain it kept then leaves the window where it was).
Status OpenScheduledTasks(CommandContext& ctx, const Node& node, TokenId token) {
  Result<StepTiming> when = ctx.ResolveTaskStep(node);
  if (!when.ok()) return Status::Invalid("task '" + node.id + "': " + when.status().message());
  when->waits_for_window = false;   // a clock set back: open now all the same
  Result<std::optional<std::vector<std::string>>> items = ItemsToOpen(ctx, node);
  if (!items.ok()) return items.status();
  if (!items->has_value()) {
    KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, *when));
    return LeaveNode(ctx, node, token);
  }
  return OpenTasks(ctx, node, token, *when, **items);
}

// A timer that watches a task (its overdue alert, reminder, escalation): an open task
// means its token rests there and nothing moves, so the variables and tokens need not be
// read, only the chain's tip. The effect's own history row (overdue-alerted,
// reminder-alerted, task-escalated) says that the timer fired.
Status FireTaskWatch(CommandContext& ctx, const TimerRecord& timer) {
  Result<std::optional<TaskRecord>> task = ctx.txn().FindTask(timer.task_id);
  if (!task.ok()) return task.status();
  if (!task->has_value()) return Status::NotFound("no task " + std::to_string(timer.task_id));
  if ((*task)->state != TaskState::kOpen || !(*task)->due_at) return Status::Ok();   // done in time after all
  KRABUAN_RETURN_IF_ERROR(ctx.LoadHistoryTip());
  if (timer.kind == TimerKind::kOverdue) return RaiseOverdue(ctx, **task);
  return FireTaskTimer(ctx, timer);
}

}  // namespace

// The tasks open now, or when the step's window opens (a window timer). Work per item
// over an empty list goes straight on.
Result<Moves> TaskProcessor::OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const {
  Result<StepTiming> when = ctx.ResolveTaskStep(node);
  if (!when.ok()) return Status::Invalid("task '" + node.id + "': " + when.status().message());
  if (when->waits_for_window) {
    KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, *when));
    Result<TokenId> token = RestToken(ctx, node, from);
    if (!token.ok()) return token.status();
    KRABUAN_RETURN_IF_ERROR(
        ctx.txn()
            .InsertTimer(TimerRecord{0, when->opens, TimerKind::kWindow, ctx.instance().id, *token, node.id, ""})
            .status());
    json detail = {{"opens", FormatInstantUtc(when->opens)}};
    if (when->due) detail["due"] = FormatInstantUtc(*when->due);
    KRABUAN_RETURN_IF_ERROR(ctx.Record("scheduled", node.id, 0, DetailText(detail)));
    return Moves{};
  }
  Result<std::optional<std::vector<std::string>>> items = ItemsToOpen(ctx, node);
  if (!items.ok()) return items.status();
  if (!items->has_value()) {
    KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, *when));
    return Moves{node.to};
  }
  Result<TokenId> token = RestToken(ctx, node, from);
  if (!token.ok()) return token.status();
  KRABUAN_RETURN_IF_ERROR(OpenTasks(ctx, node, *token, *when, **items));
  return Moves{};
}

Status TaskProcessor::OnComplete(CommandContext& ctx, const Node& node, TaskRecord& task,
                                 const TaskCompletion& done) const {
  Result<CheckedCompletion> checked = CheckCompletion(ctx, node, task, done);
  if (!checked.ok()) return checked.status();
  const std::string& outcome = checked->outcome;
  json detail = json::object();
  if (!outcome.empty()) {
    detail["outcome"] = outcome;
    detail["label"] = node.FindOutcome(outcome)->label;
  }
  KRABUAN_RETURN_IF_ERROR(EndTask(
      ctx, task, TaskEnd{TaskState::kCompleted, "task-completed", DetailText(detail), ctx.who().user, outcome, done.comment}));
  json set = json::object();
  for (const auto& [name, v] : checked->fields) {
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(checked->prefix + name, v));
    set[checked->prefix + name] = v.ToText();
  }
  if (!set.empty()) KRABUAN_RETURN_IF_ERROR(ctx.Record("variables-set", node.id, task.id, DetailText(set)));
  if (!task.item.empty()) {
    if (!outcome.empty()) KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(checked->prefix + "outcome", Value::String(outcome)));
    Result<bool> finished = FinishItemsIfDone(ctx, node, task.token_id);
    if (!finished.ok()) {
      if (finished.status().kind() != ErrorKind::kInvalid) return finished.status();
      return Status::Invalid("task " + std::to_string(task.id) + ": " + finished.status().message());
    }
    return Status::Ok();
  }
  if (!outcome.empty()) {
    // Conditions read `outcome` (the latest decision) or `<task>.outcome` (a given one).
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable("outcome", Value::String(outcome)));
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(node.id + ".outcome", Value::String(outcome)));
  }
  return LeaveNode(ctx, node, task.token_id, task.id);
}

Status TaskProcessor::OnTimer(CommandContext& ctx, const Node& node, const TimerRecord& timer) const {
  switch (timer.kind) {
    case TimerKind::kOverdue:
    case TimerKind::kReminder:
    case TimerKind::kEscalate: return FireTaskWatch(ctx, timer);
    case TimerKind::kWindow:
    case TimerKind::kCutoff:
    case TimerKind::kBoundary: break;
    default: return NodeProcessor::OnTimer(ctx, node, timer);
  }
  Result<bool> fired = TokenTimerFired(ctx, node, timer);
  if (!fired.ok() || !*fired) return fired.status();
  if (timer.kind == TimerKind::kWindow) return OpenScheduledTasks(ctx, node, timer.token_id);
  if (timer.kind == TimerKind::kCutoff) return ExpireMissingItems(ctx, node, timer.token_id);
  return FireBoundary(ctx, node, timer);
}

Status TaskProcessor::OnTerminate(CommandContext& ctx, const Node&, TokenId token, std::string_view action,
                                  const json& detail) const {
  return EndOpenTasksOfToken(ctx, token, TaskState::kCancelled, action, detail);
}

}  // namespace krabuan
