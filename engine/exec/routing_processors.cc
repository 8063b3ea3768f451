// The nodes that only route a token: start, parallel, choice, inclusive, end.
#include <algorithm>

#include "engine/exec/processors.h"

namespace krabuan {
namespace {

VariableLookup LookupIn(CommandContext& ctx) {
  return [&ctx](std::string_view name) -> const Value* {
    auto it = ctx.variables().find(name);
    return it == ctx.variables().end() ? nullptr : &it->second;
  };
}

// "choice 'route' (p.xml:9:5): condition "level > 2": …": a test that cannot be evaluated.
Status ConditionFailed(const Node& node, const Branch& b, const Status& why) {
  return Status::Invalid(std::string(NodeKindName(node.kind)) + " '" + node.id + "' (" + b.where.ToString() +
                         "): condition \"" + b.test.source() + "\": " + why.message());
}

// No test held and there is no <otherwise>: the tests tried, for the person to fix.
Status NothingMatched(const Node& node) {
  std::string tests;
  for (const Branch& b : node.branches) {
    if (!tests.empty()) tests += "; ";
    tests += b.test.source();
  }
  return Status::Invalid(std::string(NodeKindName(node.kind)) + " '" + node.id + "' (" + node.where.ToString() +
                         "): no condition matched and there is no <otherwise> (tried: " + tests + ")");
}

}  // namespace

Result<Moves> StartProcessor::OnArrive(CommandContext&, const Node& node, const std::string&) const {
  return Moves{node.to};
}

Result<Moves> ParallelProcessor::OnArrive(CommandContext&, const Node& node, const std::string&) const {
  return Moves{node.to};
}

// The first branch whose test holds wins; a test that cannot be evaluated is an error,
// not a false, so a typo in a variable name never silently reroutes a case.
Result<Moves> ChoiceProcessor::OnArrive(CommandContext& ctx, const Node& node, const std::string&) const {
  VariableLookup lookup = LookupIn(ctx);
  for (const Branch& b : node.branches) {
    Result<bool> r = b.test.Evaluate(lookup);
    if (!r.ok()) return ConditionFailed(node, b, r.status());
    if (*r) return Moves{{b.to}, b.test.source()};
  }
  if (node.otherwise) return Moves{{*node.otherwise}, "otherwise"};
  return NothingMatched(node);
}

// Every branch whose test holds is taken, each distinct target once, in the order
// written; `otherwise` only when none holds. As with a choice, a test that cannot be
// evaluated is an error.
Result<Moves> InclusiveProcessor::OnArrive(CommandContext& ctx, const Node& node, const std::string&) const {
  VariableLookup lookup = LookupIn(ctx);
  Moves m;
  for (const Branch& b : node.branches) {
    Result<bool> r = b.test.Evaluate(lookup);
    if (!r.ok()) return ConditionFailed(node, b, r.status());
    if (!*r) continue;
    if (std::find(m.to.begin(), m.to.end(), b.to) == m.to.end()) m.to.push_back(b.to);
    m.condition += (m.condition.empty() ? "" : "; ") + b.test.source();
  }
  if (!m.to.empty()) return m;
  if (node.otherwise) return Moves{{*node.otherwise}, "otherwise"};
  return NothingMatched(node);
}

Result<Moves> EndProcessor::OnArrive(CommandContext& ctx, const Node& node, const std::string&) const {
  KRABUAN_RETURN_IF_ERROR(ctx.Record("end-reached", node.id, 0, "{}"));
  return Moves{};
}

}  // namespace krabuan
