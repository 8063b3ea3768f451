#include "engine/exec/token_behavior.h"

#include <algorithm>

#include "engine/exec/detail.h"
#include "engine/exec/node_processor.h"
#include "engine/exec/stepper.h"

namespace krabuan {

using nlohmann::json;

Result<TokenId> RestToken(CommandContext& ctx, const Node& node, const std::string& from) {
  TokenRecord token{0, ctx.instance().id, node.id, from};
  Result<TokenId> id = ctx.txn().InsertToken(token);
  if (!id.ok()) return id.status();
  token.id = *id;
  ctx.tokens().push_back(token);
  return id;
}

Status ConsumeToken(CommandContext& ctx, TokenId token) {
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteToken(token));
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersOfToken(ctx.instance().id, token));
  std::erase_if(ctx.tokens(), [&](const TokenRecord& t) { return t.id == token; });
  return Status::Ok();
}

bool TokenRests(CommandContext& ctx, TokenId token) {
  return std::any_of(ctx.tokens().begin(), ctx.tokens().end(), [&](const TokenRecord& t) { return t.id == token; });
}

Status LeaveNode(CommandContext& ctx, const Node& node, TokenId token, TaskId task) {
  KRABUAN_RETURN_IF_ERROR(ConsumeToken(ctx, token));
  KRABUAN_RETURN_IF_ERROR(
      ctx.Record("token-moved", node.id, task, DetailText(json{{"from", node.id}, {"to", node.to.front()}})));
  return RunToRest(ctx, {Arrival{node.to.front(), node.id}});
}

Status TerminateToken(CommandContext& ctx, const Node& node, TokenId token, std::string_view action,
                      const json& detail) {
  KRABUAN_RETURN_IF_ERROR(ProcessorFor(node.kind).OnTerminate(ctx, node, token, action, detail));
  return ConsumeToken(ctx, token);
}

}  // namespace krabuan
