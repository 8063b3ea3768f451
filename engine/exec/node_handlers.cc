#include "engine/exec/node_handlers.h"

#include <algorithm>

namespace krabuan {
namespace {

Result<StepDecision> OnPassThrough(const Node& node, const VariableLookup&) {
  return StepDecision{StepDecision::Kind::kMove, node.to, ""};
}

Result<StepDecision> OnTask(const Node&, const VariableLookup&) {
  return StepDecision{StepDecision::Kind::kWaitForPerson, {}, ""};
}

Result<StepDecision> OnJoin(const Node& node, const VariableLookup&) {
  return StepDecision{StepDecision::Kind::kJoin, node.to, ""};
}

Result<StepDecision> OnWait(const Node& node, const VariableLookup&) {
  return StepDecision{StepDecision::Kind::kTimer, node.to, ""};
}

Result<StepDecision> OnEnd(const Node&, const VariableLookup&) {
  return StepDecision{StepDecision::Kind::kEnd, {}, ""};
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

// The first branch whose test holds wins; a test that cannot be evaluated is an error,
// not a false, so a typo in a variable name never silently reroutes a case.
Result<StepDecision> OnChoice(const Node& node, const VariableLookup& lookup) {
  for (const Branch& b : node.branches) {
    Result<bool> r = b.test.Evaluate(lookup);
    if (!r.ok()) return ConditionFailed(node, b, r.status());
    if (*r) return StepDecision{StepDecision::Kind::kMove, {b.to}, b.test.source()};
  }
  if (node.otherwise) return StepDecision{StepDecision::Kind::kMove, {*node.otherwise}, "otherwise"};
  return NothingMatched(node);
}

// Every branch whose test holds is taken, each distinct target once, in the order
// written; `otherwise` only when none holds. As with a choice, a test that cannot be
// evaluated is an error.
Result<StepDecision> OnInclusive(const Node& node, const VariableLookup& lookup) {
  StepDecision d{StepDecision::Kind::kMove, {}, ""};
  for (const Branch& b : node.branches) {
    Result<bool> r = b.test.Evaluate(lookup);
    if (!r.ok()) return ConditionFailed(node, b, r.status());
    if (!*r) continue;
    if (std::find(d.targets.begin(), d.targets.end(), b.to) == d.targets.end()) d.targets.push_back(b.to);
    d.condition += (d.condition.empty() ? "" : "; ") + b.test.source();
  }
  if (!d.targets.empty()) return d;
  if (node.otherwise) return StepDecision{StepDecision::Kind::kMove, {*node.otherwise}, "otherwise"};
  return NothingMatched(node);
}

}  // namespace

NodeHandler HandlerFor(NodeKind kind) {
  switch (kind) {
    case NodeKind::kStart: return &OnPassThrough;
    case NodeKind::kParallel: return &OnPassThrough;
    case NodeKind::kTask: return &OnTask;
    case NodeKind::kChoice: return &OnChoice;
    case NodeKind::kJoin: return &OnJoin;
    case NodeKind::kEnd: return &OnEnd;
    case NodeKind::kWait: return &OnWait;
    case NodeKind::kInclusive: return &OnInclusive;
  }
  return &OnEnd;
}

}  // namespace krabuan
