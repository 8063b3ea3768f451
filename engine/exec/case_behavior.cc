#include "engine/exec/case_behavior.h"

#include "engine/exec/task_behavior.h"
#include "engine/exec/token_behavior.h"

namespace krabuan {

Status CompleteCaseIfDone(CommandContext& ctx) {
  if (!ctx.tokens().empty() || ctx.instance().state != InstanceState::kRunning) return Status::Ok();
  ctx.instance().state = InstanceState::kCompleted;
  ctx.instance().ended_at = ctx.now();
  KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateInstance(ctx.instance()));
  return ctx.Record("completed", "", 0, "{}");
}

Status CancelCase(CommandContext& ctx, const std::string& reason) {
  TaskQuery q;
  q.all = true;
  q.instance = ctx.instance().id;
  Result<std::vector<TaskRecord>> open = ctx.txn().ListTasks(q);
  if (!open.ok()) return open.status();
  for (TaskRecord& t : *open) {
    KRABUAN_RETURN_IF_ERROR(EndTask(ctx, t, TaskEnd{TaskState::kCancelled, "task-cancelled", "{}", ctx.who().user}));
  }
  while (!ctx.tokens().empty()) KRABUAN_RETURN_IF_ERROR(ConsumeToken(ctx, ctx.tokens().front().id));
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersOfInstance(ctx.instance().id));   // scope timers have no token
  ctx.instance().state = InstanceState::kCancelled;
  ctx.instance().ended_at = ctx.now();
  ctx.instance().end_reason = reason;
  KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateInstance(ctx.instance()));
  return ctx.Record("cancelled", "", 0, "{}", reason);
}

}  // namespace krabuan
