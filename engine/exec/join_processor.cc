// <join>: a token waits until one has come from every incoming node; an inclusive join
// until no other token can still reach it.
#include "engine/exec/join_processor.h"

#include <algorithm>

#include "engine/exec/detail.h"
#include "engine/model/arrival_rules.h"
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
  std::vector<std::size_t> resting;
  resting.reserve(ctx.tokens().size());
  for (const TokenRecord& t : ctx.tokens()) {
    std::optional<std::size_t> at = ctx.def().IndexOf(t.node_id);
    if (!at) return Status::Internal("a token rests at unknown node '" + t.node_id + "'");
    resting.push_back(*at);
  }
  std::vector<std::size_t> ready = ReadyInclusiveJoins(ctx.def(), resting);
  if (ready.empty()) return out;
  // One per call: the others are asked again once its token is at rest, as ready as they
  // were (engine/model/arrival_rules.h), so the history reads one join at a time.
  const Node& node = ctx.def().nodes()[ready.front()];
  const std::string& join = node.id;
  std::vector<std::string> from;
  std::vector<TokenId> consume;
  for (const TokenRecord& t : ctx.tokens()) {
    if (t.node_id != join || std::find(from.begin(), from.end(), t.arrived_from) != from.end()) continue;
    from.push_back(t.arrived_from);
    consume.push_back(t.id);
  }
  for (TokenId t : consume) KRABUAN_RETURN_IF_ERROR(ConsumeToken(ctx, t));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("joined", join, 0, DetailText(json{{"from", from}})));
  KRABUAN_RETURN_IF_ERROR(
      ctx.Record("token-moved", join, 0, DetailText(json{{"from", join}, {"to", node.to.front()}})));
  out.push_back(Arrival{node.to.front(), join});
  return out;
}

}  // namespace krabuan
