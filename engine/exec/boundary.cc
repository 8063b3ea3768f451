#include "engine/exec/boundary.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/stepper.h"

namespace krabuan {

using nlohmann::json;

namespace {

Status InsertBoundaryTimer(CommandContext& ctx, const Node& node, TokenId token, const TimerBoundary& b, Instant at,
                           unsigned firing) {
  Result<std::int64_t> id = ctx.txn().InsertTimer(
      TimerRecord{0, at, std::string(kBoundaryTimer), ctx.instance().id, token, node.id, "", 0, b.id, firing});
  return id.ok() ? Status::Ok() : id.status();
}

// When the timer first fires: its fixed moment, its span or moment from now, or else the
// recurrence's first occurrence after now.
Result<Instant> FirstFiring(CommandContext& ctx, const Node& node, const TimerBoundary& b) {
  if (b.at) return *b.at;
  std::string where = "task '" + node.id + "', timer '" + b.id + "': ";
  if (b.after.kind == TimeSpec::Kind::kNone && b.every) {
    std::optional<Instant> next = NextOccurrence(*b.every, ctx.now());
    if (!next) return Status::Invalid(where + "'" + b.every->source + "' has no occurrence after now");
    return *next;
  }
  Result<Resolved> when = ctx.ResolveTime(b.after, /*chain=*/false);
  if (!when.ok()) return Status::Invalid(where + when.status().message());
  // A span counts from now; a moment is its day's start or deadline.
  std::optional<Instant> at = when->due ? when->due : when->not_before;
  if (!at) return Status::Invalid(where + "'" + b.after.source + "' names no moment");
  return *at;
}

// A repeating timer that just fired (its `firing`-th time, counting from 0) is set again
// for the next occurrence, unless that was its last.
Status SetNextFiring(CommandContext& ctx, const Node& node, TokenId token, const TimerBoundary& b,
                     const TimerRecord& fired) {
  if (!b.repeats()) return Status::Ok();
  unsigned limit = b.max_firings();
  if (limit != 0 && fired.firing + 1 >= limit) return Status::Ok();
  std::optional<Instant> next = NextOccurrence(*b.every, fired.due_at);
  if (!next) return Status::Ok();   // an anchored series that has run out
  return InsertBoundaryTimer(ctx, node, token, b, *next, fired.firing + 1);
}

}  // namespace

Status SetBoundaryTimers(CommandContext& ctx, const Node& node, TokenId token) {
  for (const TimerBoundary& b : node.boundaries) {
    Result<Instant> at = FirstFiring(ctx, node, b);
    if (!at.ok()) return at.status();
    KRABUAN_RETURN_IF_ERROR(InsertBoundaryTimer(ctx, node, token, b, *at, 0));
  }
  return Status::Ok();
}

Status FireBoundary(CommandContext& ctx, const Node& node, const TimerRecord& timer) {
  const TimerBoundary* b = node.FindBoundary(timer.process_id);
  if (b == nullptr) return Status::Internal("task '" + node.id + "' has no timer '" + timer.process_id + "'");
  TokenId token = timer.token_id;
  json detail = {{"timer", b->id}, {"from", node.id}, {"to", b->to}};
  if (!b->interrupting) {
    if (b->every) detail["firing"] = timer.firing + 1;
    KRABUAN_RETURN_IF_ERROR(ctx.Record("timer-forked", node.id, 0, DetailText(detail)));
    KRABUAN_RETURN_IF_ERROR(SetNextFiring(ctx, node, token, *b, timer));
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
