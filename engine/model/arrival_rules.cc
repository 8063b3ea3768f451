#include "engine/model/arrival_rules.h"

#include <algorithm>

namespace krabuan {

std::vector<std::size_t> ReadyInclusiveJoins(const ProcessDefinition& def, std::span<const std::size_t> token_nodes) {
  std::vector<std::size_t> ready;
  const std::vector<Node>& nodes = def.nodes();
  for (std::size_t j : token_nodes) {
    if (nodes[j].kind != NodeKind::kJoin || !nodes[j].inclusive) continue;
    if (std::find(ready.begin(), ready.end(), j) != ready.end()) continue;
    bool blocked = std::any_of(token_nodes.begin(), token_nodes.end(),
                               [&](std::size_t u) { return u != j && def.CanReachInclusiveJoin(u, j); });
    if (!blocked) ready.push_back(j);
  }
  return ready;
}

std::vector<std::string> DistinctTargets(const Node& node) {
  if (node.kind != NodeKind::kChoice && node.kind != NodeKind::kInclusive) return node.to;
  std::vector<std::string> out;
  for (const std::string& to : node.to) {
    if (std::find(out.begin(), out.end(), to) == out.end()) out.push_back(to);
  }
  return out;
}

}  // namespace krabuan
