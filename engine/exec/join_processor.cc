// <join>: a token waits until one has come from every incoming node; an inclusive join
// until no other token can still reach it.
#include "engine/exec/join_processor.h"

#include <algorithm>

#include "engine/exec/detail.h"
#include "engine/exec/processors.h"
#include "engine/exec/token_behavior.h"

namespace krabuan {

using nlohmann::json;

Result<Moves> JoinProcessor::OnArrive(CommandContext& ctx, const Node& node, const std::string& from) const {
  Result<TokenId> id = RestToken(ctx, node, from);
  if (!id.ok()) return id.status();
  if (node.inclusive) {   // fires once everything is at rest (FireReadyInclusiveJoins)
    KRABUAN_RETURN_IF_ERROR(ctx.Record("join-waiting", node.id, 0, DetailText(json{{"from", from}})));
    return Moves{};
  }
  std::vector<TokenId> consume;
  for (const std::string& source : node.incoming) {
    auto it = std::find_if(ctx.tokens().begin(), ctx.tokens().end(), [&](const TokenRecord& t) {
      return t.node_id == node.id && t.arrived_from == source;
    });
    if (it == ctx.tokens().end()) {
      KRABUAN_RETURN_IF_ERROR(ctx.Record("join-waiting", node.id, 0, DetailText(json{{"from", from}})));
      return Moves{};
    }
    consume.push_back(it->id);
  }
  for (TokenId t : consume) KRABUAN_RETURN_IF_ERROR(ConsumeToken(ctx, t));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("joined", node.id, 0, DetailText(json{{"from", node.incoming}})));
  return Moves{node.to};
}

Result<std::vector<Arrival>> FireReadyInclusiveJoins(CommandContext& ctx) {
  std::vector<Arrival> out;
  if (!ctx.def().has_inclusive_joins()) return out;   // most processes: every command rests here
  std::vector<std::string> joins;
  for (const TokenRecord& t : ctx.tokens()) {
    const Node* n = ctx.def().FindNode(t.node_id);
    if (n != nullptr && n->kind == NodeKind::kJoin && n->inclusive &&
        std::find(joins.begin(), joins.end(), t.node_id) == joins.end()) {
      joins.push_back(t.node_id);
    }
  }
  for (const std::string& join : joins) {
    bool blocked = std::any_of(ctx.tokens().begin(), ctx.tokens().end(), [&](const TokenRecord& t) {
      return t.node_id != join && ctx.def().CanReachInclusiveJoin(t.node_id, join);
    });
    if (blocked) continue;
    std::vector<std::string> from;
    std::vector<TokenId> consume;
    for (const TokenRecord& t : ctx.tokens()) {
      if (t.node_id != join || std::find(from.begin(), from.end(), t.arrived_from) != from.end()) continue;
      from.push_back(t.arrived_from);
      consume.push_back(t.id);
    }
    for (TokenId t : consume) KRABUAN_RETURN_IF_ERROR(ConsumeToken(ctx, t));
    const Node& node = *ctx.def().FindNode(join);
    KRABUAN_RETURN_IF_ERROR(ctx.Record("joined", join, 0, DetailText(json{{"from", from}})));
    KRABUAN_RETURN_IF_ERROR(
        ctx.Record("token-moved", join, 0, DetailText(json{{"from", join}, {"to", node.to.front()}})));
    out.push_back(Arrival{node.to.front(), join});
    break;   // the others are asked again once this token is at rest
  }
  return out;
}

}  // namespace krabuan
