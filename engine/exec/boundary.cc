#include "engine/exec/boundary.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/stepper.h"
#include "engine/exec/token_behavior.h"

namespace krabuan {

using nlohmann::json;

namespace {

// `owner` is the task's node id or the scope's id; `token` is 0 for a scope's timers.
Status InsertTimerOf(CommandContext& ctx, TimerKind kind, const std::string& owner, TokenId token,
                     const TimerBoundary& b, Instant at, unsigned firing) {
  Result<std::int64_t> id = ctx.txn().InsertTimer(
      TimerRecord{0, at, kind, ctx.instance().id, token, owner, "", 0, "", firing, b.id});
  return id.ok() ? Status::Ok() : id.status();
}

// When the timer first fires, counted from now (TimerBoundary::FirstFiring); errors name
// `owner`, the task or scope.
Result<std::optional<Instant>> FirstFiring(CommandContext& ctx, const std::string& owner, const TimerBoundary& b) {
  Result<std::optional<Instant>> first =
      b.FirstFiring(ctx.now(), [&](const TimeSpec& spec) { return ctx.ResolveTime(spec, /*chain=*/false); });
  if (!first.ok()) return Status::Invalid(owner + ", timer '" + b.id + "': " + first.status().message());
  return first;
}

// A repeating timer that just fired (its `firing`-th time, counting from 0) is set again
// for the next occurrence, unless that was its last.
Status SetNextFiring(CommandContext& ctx, const TimerBoundary& b, const TimerRecord& fired) {
  if (!b.repeats()) return Status::Ok();
  unsigned limit = b.max_firings();
  if (limit != 0 && fired.firing + 1 >= limit) return Status::Ok();
  std::optional<Instant> next = NextOccurrence(*b.every, fired.due_at);
  if (!next) return Status::Ok();   // an anchored series that has run out
  return InsertTimerOf(ctx, fired.kind, fired.node_id, fired.token_id, b, *next, fired.firing + 1);
}

}  // namespace

Status SetBoundaryTimers(CommandContext& ctx, const Node& node, TokenId token) {
  for (const TimerBoundary& b : node.boundaries) {
    Result<std::optional<Instant>> at = FirstFiring(ctx, "task '" + node.id + "'", b);
    if (!at.ok()) return at.status();
    if (*at) KRABUAN_RETURN_IF_ERROR(InsertTimerOf(ctx, TimerKind::kBoundary, node.id, token, b, **at, 0));
  }
  return Status::Ok();
}

Status FireBoundary(CommandContext& ctx, const Node& node, const TimerRecord& timer) {
  const TimerBoundary* b = node.FindBoundary(timer.on_timer);
  if (b == nullptr) return Status::Internal("task '" + node.id + "' has no timer '" + timer.on_timer + "'");
  TokenId token = timer.token_id;
  json detail = {{"timer", b->id}, {"from", node.id}, {"to", b->to}};
  if (!b->interrupting) {
    if (b->every) detail["firing"] = timer.firing + 1;
    KRABUAN_RETURN_IF_ERROR(ctx.Record("timer-forked", node.id, 0, DetailText(detail)));
    KRABUAN_RETURN_IF_ERROR(SetNextFiring(ctx, *b, timer));
    return RunToRest(ctx, {Arrival{b->to, node.id}});
  }
  // The token goes with its open tasks and the task's other boundaries.
  KRABUAN_RETURN_IF_ERROR(TerminateToken(ctx, node, token, "task-interrupted", json{{"timer", b->id}}));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("token-moved", node.id, 0, DetailText(detail)));
  return RunToRest(ctx, {Arrival{b->to, node.id}});
}

namespace {

// Whether a token rests at a node of `scope`.
bool ScopeOccupied(CommandContext& ctx, const Scope& scope) {
  return std::any_of(ctx.tokens().begin(), ctx.tokens().end(),
                     [&](const TokenRecord& t) { return scope.Contains(t.node_id); });
}

}  // namespace

Status ReconcileScopeTimers(CommandContext& ctx) {
  for (const Scope& scope : ctx.def().scopes()) {
    // "scope.<id>.entered": when the tokens inside came in, empty while none is; so a
    // timer that fired once is not set again while the same stay goes on.
    std::string var = "scope." + scope.id + ".entered";
    auto it = ctx.variables().find(var);
    bool inside_before = it != ctx.variables().end() && !it->second.as_string().empty();
    bool inside_now = ScopeOccupied(ctx, scope);
    if (inside_now && !inside_before) {
      KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(var, Value::String(FormatInstantUtc(ctx.now()))));
      for (const TimerBoundary& t : scope.timers) {
        Result<std::optional<Instant>> at = FirstFiring(ctx, "scope '" + scope.id + "'", t);
        if (!at.ok()) return at.status();
        if (*at) KRABUAN_RETURN_IF_ERROR(InsertTimerOf(ctx, TimerKind::kScope, scope.id, 0, t, **at, 0));
      }
    } else if (!inside_now && inside_before) {
      KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(var, Value::String("")));
      KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersAt(ctx.instance().id, TimerKind::kScope, scope.id));
    }
  }
  return Status::Ok();
}

Status FireScopeTimer(CommandContext& ctx, const TimerRecord& timer) {
  const Scope* scope = ctx.def().FindScope(timer.node_id);
  const TimerBoundary* t = scope == nullptr ? nullptr : scope->FindTimer(timer.on_timer);
  if (t == nullptr) return Status::Internal("no scope timer '" + timer.node_id + "/" + timer.on_timer + "'");
  if (!ScopeOccupied(ctx, *scope)) return Status::Ok();   // every token left in time
  json detail = {{"timer", t->id}, {"scope", scope->id}, {"to", t->to}};
  if (!t->interrupting) {
    if (t->every) detail["firing"] = timer.firing + 1;
    KRABUAN_RETURN_IF_ERROR(ctx.Record("timer-forked", scope->id, 0, DetailText(detail)));
    KRABUAN_RETURN_IF_ERROR(SetNextFiring(ctx, *t, timer));
    return RunToRest(ctx, {Arrival{t->to, scope->id}});
  }
  // Every token inside leaves with its tasks cancelled; one token goes on.
  std::vector<TokenRecord> inside;
  for (const TokenRecord& token : ctx.tokens()) {
    if (scope->Contains(token.node_id)) inside.push_back(token);
  }
  for (const TokenRecord& token : inside) {
    const Node* node = ctx.def().FindNode(token.node_id);
    if (node == nullptr) return Status::Internal("token at unknown node '" + token.node_id + "'");
    KRABUAN_RETURN_IF_ERROR(
        TerminateToken(ctx, *node, token.id, "task-interrupted", json{{"timer", t->id}, {"scope", scope->id}}));
  }
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersAt(ctx.instance().id, TimerKind::kScope, scope->id));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("scope-interrupted", scope->id, 0, DetailText(detail)));
  return RunToRest(ctx, {Arrival{t->to, scope->id}});
}

}  // namespace krabuan
