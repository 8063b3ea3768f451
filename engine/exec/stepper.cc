#include "engine/exec/stepper.h"

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>

#include "engine/exec/detail.h"
#include "engine/exec/node_handlers.h"

namespace krabuan {
namespace {

using nlohmann::json;

// "${name}" names a string variable holding a login; anything else is a login.
Result<std::string> ResolveAssignee(const Node& node, const VariableMap& vars) {
  if (!node.assignee.starts_with("${")) return node.assignee;
  std::string name = node.assignee.substr(2, node.assignee.size() - 3);
  auto it = vars.find(name);
  if (it == vars.end() || it->second.type() != ValueType::kString || it->second.as_string().empty()) {
    return Status::Invalid("task '" + node.id + "': assignee variable '" + name + "' is not set to a login");
  }
  return it->second.as_string();
}

Status CreateTask(CommandContext& ctx, const Node& node, const std::string& from) {
  Result<std::string> assignee = ResolveAssignee(node, ctx.variables());
  if (!assignee.ok()) return assignee.status();
  TokenRecord token{0, ctx.instance().id, node.id, from};
  Result<TokenId> token_id = ctx.txn().InsertToken(token);
  if (!token_id.ok()) return token_id.status();
  token.id = *token_id;
  ctx.tokens().push_back(token);

  TaskRecord t;
  t.instance_id = ctx.instance().id;
  t.token_id = token.id;
  t.process_id = ctx.def().id();
  t.node_id = node.id;
  t.name = node.name;
  t.role = node.role;
  t.assignee = *assignee;
  t.created_at = ctx.now();
  t.due_at = ResolveDue(node.due, ctx.now(), ctx.fiscal_year());
  Result<TaskId> id = ctx.txn().InsertTask(t);
  if (!id.ok()) return id.status();
  json detail = {{"name", node.name}};
  if (!node.role.empty()) detail["role"] = node.role;
  if (!t.assignee.empty()) detail["assignee"] = t.assignee;
  if (t.due_at) detail["due"] = FormatInstantUtc(*t.due_at);
  return ctx.Record("task-created", node.id, *id, DetailText(detail));
}

// A token waits at the join; when every incoming node has delivered one, one token from
// each is consumed and a single token goes on.
Result<bool> ArriveAtJoin(CommandContext& ctx, const Node& node, const std::string& from) {
  TokenRecord token{0, ctx.instance().id, node.id, from};
  Result<TokenId> id = ctx.txn().InsertToken(token);
  if (!id.ok()) return id.status();
  token.id = *id;
  ctx.tokens().push_back(token);

  std::vector<TokenId> consume;
  for (const std::string& source : node.incoming) {
    auto it = std::find_if(ctx.tokens().begin(), ctx.tokens().end(), [&](const TokenRecord& t) {
      return t.node_id == node.id && t.arrived_from == source;
    });
    if (it == ctx.tokens().end()) {
      KRABUAN_RETURN_IF_ERROR(ctx.Record("join-waiting", node.id, 0, DetailText(json{{"from", from}})));
      return false;
    }
    consume.push_back(it->id);
  }
  for (TokenId t : consume) {
    KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteToken(t));
    std::erase_if(ctx.tokens(), [&](const TokenRecord& r) { return r.id == t; });
  }
  KRABUAN_RETURN_IF_ERROR(ctx.Record("joined", node.id, 0, DetailText(json{{"from", node.incoming}})));
  return true;
}

}  // namespace

Status RunToRest(CommandContext& ctx, std::vector<Arrival> arrivals) {
  std::deque<Arrival> queue(arrivals.begin(), arrivals.end());
  VariableLookup lookup = [&ctx](std::string_view name) -> const Value* {
    auto it = ctx.variables().find(name);
    return it == ctx.variables().end() ? nullptr : &it->second;
  };
  int steps = 0;
  while (!queue.empty()) {
    Arrival a = std::move(queue.front());
    queue.pop_front();
    if (++steps > kMaxStepsPerCommand) {
      return Status::Invalid("process '" + ctx.def().id() + "' moved " + std::to_string(kMaxStepsPerCommand) +
                             " steps without reaching a task: it loops without a wait state near node '" +
                             a.node + "'");
    }
    const Node* node = ctx.def().FindNode(a.node);
    if (node == nullptr) return Status::Internal("flow to unknown node '" + a.node + "'");
    Result<StepDecision> d = HandlerFor(node->kind)(*node, lookup);
    if (!d.ok()) return d.status();

    std::vector<std::string> next;
    switch (d->kind) {
      case StepDecision::Kind::kWaitForPerson:
        KRABUAN_RETURN_IF_ERROR(CreateTask(ctx, *node, a.from));
        break;
      case StepDecision::Kind::kJoin: {
        Result<bool> fired = ArriveAtJoin(ctx, *node, a.from);
        if (!fired.ok()) return fired.status();
        if (*fired) next = d->targets;
        break;
      }
      case StepDecision::Kind::kEnd:
        KRABUAN_RETURN_IF_ERROR(ctx.Record("end-reached", node->id, 0, "{}"));
        break;
      case StepDecision::Kind::kMove:
        next = d->targets;
        break;
    }
    for (const std::string& to : next) {
      json detail = {{"from", node->id}, {"to", to}};
      if (!d->condition.empty()) detail["condition"] = d->condition;
      KRABUAN_RETURN_IF_ERROR(ctx.Record("token-moved", node->id, 0, DetailText(detail)));
      queue.push_back(Arrival{to, node->id});
    }
  }
  if (ctx.tokens().empty() && ctx.instance().state == InstanceState::kRunning) {
    ctx.instance().state = InstanceState::kCompleted;
    ctx.instance().ended_at = ctx.now();
    KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateInstance(ctx.instance()));
    KRABUAN_RETURN_IF_ERROR(ctx.Record("completed", "", 0, "{}"));
  }
  return Status::Ok();
}

}  // namespace krabuan
