// <wait>: the token rests until its moment, then goes on.
#include "engine/exec/detail.h"
#include "engine/exec/processors.h"
#include "engine/exec/token_behavior.h"

namespace krabuan {

using nlohmann::json;

// Goes straight on when the moment has already passed.
Result<Moves> WaitProcessor::OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const {
  Result<WaitTiming> wait = ctx.ResolveWaitStep(node);
  if (!wait.ok()) return Status::Invalid("wait '" + node.id + "': " + wait.status().message());
  Instant until = wait->until;
  if (until <= ctx.now()) {
    KRABUAN_RETURN_IF_ERROR(ctx.Record("wait-passed", node.id, 0, DetailText(json{{"until", FormatInstantUtc(until)}})));
    return Moves{node.to};
  }
  Result<TokenId> token = RestToken(ctx, node, from);
  if (!token.ok()) return token.status();
  KRABUAN_RETURN_IF_ERROR(ctx.txn()
                              .InsertTimer(TimerRecord{0, until, TimerKind::kWait, ctx.instance().id, *token, node.id, ""})
                              .status());
  KRABUAN_RETURN_IF_ERROR(ctx.Record("waiting", node.id, 0, DetailText(json{{"until", FormatInstantUtc(until)}})));
  return Moves{};
}

Status WaitProcessor::OnTimer(CommandContext& ctx, const Node& node, const TimerRecord& timer) const {
  if (timer.kind != TimerKind::kWait) return NodeProcessor::OnTimer(ctx, node, timer);
  Result<bool> fired = TokenTimerFired(ctx, node, timer);
  if (!fired.ok() || !*fired) return fired.status();
  return LeaveNode(ctx, node, timer.token_id);
}

}  // namespace krabuan
