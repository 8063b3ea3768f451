#include "engine/exec/boundary.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/stepper.h"

namespace krabuan {

using nlohmann::json;

Status SetBoundaryTimers(CommandContext& ctx, const Node& node, TokenId token) {
  for (const TimerBoundary& b : node.boundaries) {
    if (b.at) {
      Result<std::int64_t> id = ctx.txn().InsertTimer(
          TimerRecord{0, *b.at, std::string(kBoundaryTimer), ctx.instance().id, token, node.id, "", 0, b.id});
      if (!id.ok()) return id.status();
      continue;
    }
    Result<Resolved> when = ctx.ResolveTime(b.after, /*chain=*/false);
    if (!when.ok()) return Status::Invalid("task '" + node.id + "', timer '" + b.id + "': " + when.status().message());
    // A span counts from now; a moment is its day's start or deadline.
    std::optional<Instant> at = when->due ? when->due : when->not_before;
    if (!at) return Status::Invalid("task '" + node.id + "', timer '" + b.id + "': '" + b.after.source + "' names no moment");
    TimerRecord t{0, *at, std::string(kBoundaryTimer), ctx.instance().id, token, node.id, "", 0, b.id};
    Result<std::int64_t> id = ctx.txn().InsertTimer(t);
    if (!id.ok()) return id.status();
  }
  return Status::Ok();
}

Status FireBoundary(CommandContext& ctx, const Node& node, TokenId token, const std::string& boundary_id) {
  const TimerBoundary* b = node.FindBoundary(boundary_id);
  if (b == nullptr) return Status::Internal("task '" + node.id + "' has no timer '" + boundary_id + "'");
  json detail = {{"timer", b->id}, {"from", node.id}, {"to", b->to}};
  if (!b->interrupting) {
    KRABUAN_RETURN_IF_ERROR(ctx.Record("timer-forked", node.id, 0, DetailText(detail)));
    return RunToRest(ctx, {Arrival{b->to, node.id}});
  }
  KRABUAN_RETURN_IF_ERROR(
      CloseOpenTasksOfToken(ctx, node, token, TaskState::kCancelled, "task-interrupted", json{{"timer", b->id}}));
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteToken(token));
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersOfToken(token));   // the task's other boundaries
  std::erase_if(ctx.tokens(), [&](const TokenRecord& t) { return t.id == token; });
  KRABUAN_RETURN_IF_ERROR(ctx.Record("token-moved", node.id, 0, DetailText(detail)));
  return RunToRest(ctx, {Arrival{b->to, node.id}});
}

}  // namespace krabuan
