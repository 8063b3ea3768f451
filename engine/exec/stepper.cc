#include "engine/exec/stepper.h"

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>

#include "engine/exec/boundary.h"
#include "engine/exec/detail.h"
#include "engine/exec/escalation.h"
#include "engine/exec/node_handlers.h"

namespace krabuan {
namespace {

using nlohmann::json;

// "${name}" names a string variable holding a login; anything else is a login.
// A login read from a variable is checked against the org: a mistyped name would
// otherwise make a task nobody can see or complete.
Result<std::string> ResolveAssignee(const Node& node, const VariableMap& vars, const Org& org) {
  if (!node.assignee.starts_with("${")) return node.assignee;
  std::string name = node.assignee.substr(2, node.assignee.size() - 3);
  auto it = vars.find(name);
  if (it == vars.end() || it->second.type() != ValueType::kString || it->second.as_string().empty()) {
    return Status::Invalid("task '" + node.id + "': assignee variable '" + name + "' is not set to a login");
  }
  const std::string& login = it->second.as_string();
  if (org.FindUser(login) == nullptr) {
    return Status::Invalid("task '" + node.id + "': '" + login + "' (from variable '" + name +
                           "') is not a login of the org file");
  }
  return login;
}

// The items of work per item: the org's schools, or logins in a string variable.
Result<std::vector<std::string>> ItemsOf(CommandContext& ctx, const Node& node) {
  std::vector<std::string> items;
  if (node.for_each == "org:schools") {
    for (const School& school : ctx.org().schools()) items.push_back(school.login);
    return items;
  }
  std::string name = node.for_each.substr(2, node.for_each.size() - 3);
  auto it = ctx.variables().find(name);
  if (it == ctx.variables().end() || it->second.type() != ValueType::kString) {
    return Status::Invalid("task '" + node.id + "': for-each variable '" + name + "' is not set to a list of logins");
  }
  std::string word;
  for (char c : it->second.as_string() + " ") {
    if (c == ' ' || c == ',' || c == '\n' || c == '\t') {
      if (!word.empty()) items.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return items;
}

Result<TaskId> InsertTask(CommandContext& ctx, const Node& node, TokenId token, const std::string& assignee,
                          const std::string& item, std::optional<Instant> due) {
  TaskRecord t;
  t.instance_id = ctx.instance().id;
  t.token_id = token;
  t.process_id = ctx.def().id();
  t.node_id = node.id;
  t.name = node.name;
  t.role = node.role;
  t.assignee = assignee;
  t.item = item;
  t.created_at = ctx.now();
  t.due_at = due;
  KRABUAN_RETURN_IF_ERROR(RouteAroundAbsence(ctx.txn(), ctx.org(), ctx.now(), t));
  Result<TaskId> id = ctx.txn().InsertTask(t);
  if (!id.ok()) return id.status();
  t.id = *id;
  if (t.due_at) {
    // The overdue alert waits as a timer, so the daemon finds it by its time alone.
    Result<std::int64_t> timer =
        ctx.txn().InsertTimer(TimerRecord{0, *t.due_at, TimerKind::kOverdue, ctx.instance().id, token, node.id, "", *id});
    if (!timer.ok()) return timer.status();
    KRABUAN_RETURN_IF_ERROR(SetReminderAndEscalation(ctx, node, t));
  }
  json detail = {{"name", node.name}};
  if (!node.role.empty()) detail["role"] = node.role;
  if (!t.assignee.empty()) detail["assignee"] = t.assignee;
  if (!item.empty()) detail["item"] = item;
  if (!t.acting_for.empty()) detail["acting_for"] = t.acting_for;
  if (t.due_at) detail["due"] = FormatInstantUtc(*t.due_at);
  KRABUAN_RETURN_IF_ERROR(ctx.Record("task-created", node.id, *id, DetailText(detail)));
  return id;
}

Result<TokenId> RestAt(CommandContext& ctx, const Node& node, const std::string& from) {
  TokenRecord token{0, ctx.instance().id, node.id, from};
  Result<TokenId> id = ctx.txn().InsertToken(token);
  if (!id.ok()) return id.status();
  token.id = *id;
  ctx.tokens().push_back(token);
  return id;
}

Result<std::int64_t> SetTimer(CommandContext& ctx, TimerKind kind, Instant at, TokenId token, const Node& node) {
  return ctx.txn().InsertTimer(TimerRecord{0, at, kind, ctx.instance().id, token, node.id, ""});
}

// The task(s) of a token resting at `node`: one, or one per item, and the cut-off timer,
// dated by `timing` (the step resolved as its tasks open).
// REQUIRES: for work per item, `items` is not empty.
Status OpenTasks(CommandContext& ctx, const Node& node, TokenId token, const StepTiming& timing,
                 const std::vector<std::string>& items) {
  KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, timing));
  KRABUAN_RETURN_IF_ERROR(SetBoundaryTimers(ctx, node, token));
  if (node.for_each.empty()) {
    Result<std::string> assignee = ResolveAssignee(node, ctx.variables(), ctx.org());
    if (!assignee.ok()) return assignee.status();
    return InsertTask(ctx, node, token, *assignee, "", timing.due).status();
  }
  for (const std::string& item : items) {
    Result<TaskId> id = InsertTask(ctx, node, token, item, item, timing.due);
    if (!id.ok()) return id.status();
  }
  if (timing.cutoff) KRABUAN_RETURN_IF_ERROR(SetTimer(ctx, TimerKind::kCutoff, *timing.cutoff, token, node).status());
  return Status::Ok();
}

// The items a task node opens tasks for: none for a single task; nullopt (recorded in
// the history) when work per item has an empty list and the flow should go straight on.
Result<std::optional<std::vector<std::string>>> ItemsToOpen(CommandContext& ctx, const Node& node) {
  if (node.for_each.empty()) return std::optional<std::vector<std::string>>(std::vector<std::string>{});
  Result<std::vector<std::string>> listed = ItemsOf(ctx, node);
  if (!listed.ok()) return listed.status();
  if (listed->empty()) {
    KRABUAN_RETURN_IF_ERROR(ctx.Record("no-items", node.id, 0, DetailText(json{{"for_each", node.for_each}})));
    return std::optional<std::vector<std::string>>();
  }
  return std::optional<std::vector<std::string>>(std::move(listed.value()));
}

// A token arrives at a task node. The tasks open now, or when the step's window opens
// (a window timer). Returns false when there is nothing to do (work per item over an
// empty list) and the flow should go straight on.
Result<bool> ArriveAtTask(CommandContext& ctx, const Node& node, const std::string& from) {
  Result<StepTiming> when = ctx.ResolveTaskStep(node);
  if (!when.ok()) return Status::Invalid("task '" + node.id + "': " + when.status().message());
  if (when->waits_for_window) {
    KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, *when));
    Result<TokenId> token = RestAt(ctx, node, from);
    if (!token.ok()) return token.status();
    KRABUAN_RETURN_IF_ERROR(SetTimer(ctx, TimerKind::kWindow, when->opens, *token, node).status());
    json detail = {{"opens", FormatInstantUtc(when->opens)}};
    if (when->due) detail["due"] = FormatInstantUtc(*when->due);
    KRABUAN_RETURN_IF_ERROR(ctx.Record("scheduled", node.id, 0, DetailText(detail)));
    return true;
  }
  Result<std::optional<std::vector<std::string>>> items = ItemsToOpen(ctx, node);
  if (!items.ok()) return items.status();
  if (!items->has_value()) {
    KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, *when));
    return false;
  }
  Result<TokenId> token = RestAt(ctx, node, from);
  if (!token.ok()) return token.status();
  KRABUAN_RETURN_IF_ERROR(OpenTasks(ctx, node, *token, *when, **items));
  return true;
}

// A wait node: the token rests until its timer fires. Returns true when the moment has
// already passed and the token goes straight on.
Result<bool> StartWait(CommandContext& ctx, const Node& node, const std::string& from) {
  Result<WaitTiming> wait = ctx.ResolveWaitStep(node);
  if (!wait.ok()) return Status::Invalid("wait '" + node.id + "': " + wait.status().message());
  Instant until = wait->until;
  if (until <= ctx.now()) {
    KRABUAN_RETURN_IF_ERROR(ctx.Record("wait-passed", node.id, 0, DetailText(json{{"until", FormatInstantUtc(until)}})));
    return true;
  }
  Result<TokenId> token = RestAt(ctx, node, from);
  if (!token.ok()) return token.status();
  KRABUAN_RETURN_IF_ERROR(SetTimer(ctx, TimerKind::kWait, until, *token, node).status());
  KRABUAN_RETURN_IF_ERROR(ctx.Record("waiting", node.id, 0, DetailText(json{{"until", FormatInstantUtc(until)}})));
  return false;
}

// A token waits at the join; when every incoming node has delivered one, one token from
// each is consumed and a single token goes on. An inclusive join only waits here: it
// fires once everything is at rest (FireReadyInclusiveJoins).
Result<bool> ArriveAtJoin(CommandContext& ctx, const Node& node, const std::string& from) {
  TokenRecord token{0, ctx.instance().id, node.id, from};
  Result<TokenId> id = ctx.txn().InsertToken(token);
  if (!id.ok()) return id.status();
  token.id = *id;
  ctx.tokens().push_back(token);
  if (node.inclusive) {
    KRABUAN_RETURN_IF_ERROR(ctx.Record("join-waiting", node.id, 0, DetailText(json{{"from", from}})));
    return false;
  }

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

// An inclusive join holding tokens fires when no other token of the instance can still
// reach it: one token per node that delivered is consumed, and one goes on. Called only
// when nothing is in flight, so every token of the instance is at rest. Returns the
// arrivals the joins that fired send on (none: nothing fired).
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
    for (TokenId t : consume) {
      KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteToken(t));
      std::erase_if(ctx.tokens(), [&](const TokenRecord& r) { return r.id == t; });
    }
    const Node& node = *ctx.def().FindNode(join);
    KRABUAN_RETURN_IF_ERROR(ctx.Record("joined", join, 0, DetailText(json{{"from", from}})));
    KRABUAN_RETURN_IF_ERROR(
        ctx.Record("token-moved", join, 0, DetailText(json{{"from", join}, {"to", node.to.front()}})));
    out.push_back(Arrival{node.to.front(), join});
  }
  return out;
}

}  // namespace

Status RunToRest(CommandContext& ctx, std::vector<Arrival> arrivals) {
  std::deque<Arrival> queue(arrivals.begin(), arrivals.end());
  VariableLookup lookup = [&ctx](std::string_view name) -> const Value* {
    auto it = ctx.variables().find(name);
    return it == ctx.variables().end() ? nullptr : &it->second;
  };
  int steps = 0;
  while (true) {
    if (queue.empty()) {
      Result<std::vector<Arrival>> fired = FireReadyInclusiveJoins(ctx);
      if (!fired.ok()) return fired.status();
      if (fired->empty()) {
        KRABUAN_RETURN_IF_ERROR(ReconcileScopeTimers(ctx));   // at rest: who is inside now
        break;
      }
      queue.insert(queue.end(), fired->begin(), fired->end());
    }
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
      case StepDecision::Kind::kWaitForPerson: {
        Result<bool> created = ArriveAtTask(ctx, *node, a.from);
        if (!created.ok()) return created.status();
        if (!*created) next = node->to;
        break;
      }
      case StepDecision::Kind::kTimer: {
        Result<bool> passed = StartWait(ctx, *node, a.from);
        if (!passed.ok()) return passed.status();
        if (*passed) next = node->to;
        break;
      }
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

namespace krabuan {

Status LeaveNode(CommandContext& ctx, const Node& node, TokenId token, TaskId task) {
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteToken(token));
  KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersOfToken(ctx.instance().id, token));
  std::erase_if(ctx.tokens(), [&](const TokenRecord& t) { return t.id == token; });
  KRABUAN_RETURN_IF_ERROR(
      ctx.Record("token-moved", node.id, task, DetailText(json{{"from", node.id}, {"to", node.to.front()}})));
  return RunToRest(ctx, {Arrival{node.to.front(), node.id}});
}

Result<bool> FinishItemsIfDone(CommandContext& ctx, const Node& node, TokenId token) {
  TaskQuery q;
  q.all = true;
  q.open_only = false;
  q.instance = ctx.instance().id;
  Result<std::vector<TaskRecord>> tasks = ctx.txn().ListTasks(q);
  if (!tasks.ok()) return tasks.status();
  std::vector<std::string> done, missing;
  bool open = false;
  for (const TaskRecord& t : *tasks) {
    if (t.token_id != token) continue;
    if (t.state == TaskState::kOpen) {
      open = true;
      continue;
    }
    (t.state == TaskState::kCompleted ? done : missing).push_back(t.item);
  }
  // Number fields add up over the items that arrived: requested amounts become a total.
  // The sum is taken at every arrival, so the item that would carry it out of range is
  // refused when it is recorded, and the total at the end (or at the cut-off) is in range.
  std::vector<std::pair<std::string, Value>> totals;
  for (const VariableDecl& f : node.fields) {
    if (f.type != ValueType::kInt && f.type != ValueType::kMoney) continue;
    bool money = f.type == ValueType::kMoney;
    std::int64_t sum = 0;
    for (const std::string& item : done) {
      auto it = ctx.variables().find(node.id + "." + item + "." + f.name);
      if (it == ctx.variables().end()) continue;
      std::optional<std::int64_t> next;
      if (money) {
        if (std::optional<Money> m = AddMoney(Money{sum}, it->second.as_money())) next = m->satang;
      } else {
        next = AddInt(sum, it->second.as_int());
      }
      if (!next) {
        return Status::Invalid("the total of field '" + f.name + "' (" + std::string(ValueTypeName(f.type)) +
                               ") over task '" + node.id + "' would leave the " +
                               (money ? "money range (at most " + Value::OfMoney(Money{kMaxMoneySatang}).ToDisplay() + ")"
                                      : std::string("range of whole numbers")) +
                               ": " + (money ? Value::OfMoney(Money{sum}) : Value::Int(sum)).ToDisplay() +
                               " so far, and " + item + " adds " + it->second.ToDisplay());
      }
      sum = *next;
    }
    totals.emplace_back(f.name, money ? Value::OfMoney(Money{sum}) : Value::Int(sum));
  }
  if (open) return false;
  for (const auto& [name, total] : totals) KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(name, total));
  std::string missing_text;
  for (const std::string& m : missing) missing_text += (missing_text.empty() ? "" : " ") + m;
  KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(node.id + ".completed", Value::Int(static_cast<std::int64_t>(done.size()))));
  KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(node.id + ".missing", Value::String(missing_text)));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("items-finished", node.id, 0,
                                     DetailText(json{{"completed", done}, {"missing", missing}})));
  KRABUAN_RETURN_IF_ERROR(LeaveNode(ctx, node, token));
  return true;
}

Status CloseOpenTasksOfToken(CommandContext& ctx, const Node& node, TokenId token, TaskState state,
                             std::string_view action, const json& detail) {
  TaskQuery q;
  q.all = true;
  q.instance = ctx.instance().id;
  Result<std::vector<TaskRecord>> open = ctx.txn().ListTasks(q);
  if (!open.ok()) return open.status();
  for (TaskRecord& t : *open) {
    if (t.token_id != token || t.state != TaskState::kOpen) continue;
    t.state = state;
    t.completed_at = ctx.now();
    KRABUAN_RETURN_IF_ERROR(ctx.txn().UpdateTask(t));
    KRABUAN_RETURN_IF_ERROR(ctx.txn().DeleteTimersOfTask(t.instance_id, t.id));   // no reminder, alert or escalation for it
    json d = detail.is_object() ? detail : json::object();
    if (!t.item.empty()) d["item"] = t.item;
    KRABUAN_RETURN_IF_ERROR(ctx.Record(action, node.id, t.id, DetailText(d)));
  }
  return Status::Ok();
}

Status ExpireMissingItems(CommandContext& ctx, const Node& node, TokenId token) {
  KRABUAN_RETURN_IF_ERROR(CloseOpenTasksOfToken(ctx, node, token, TaskState::kExpired, "task-expired", json::object()));
  Result<bool> finished = FinishItemsIfDone(ctx, node, token);
  if (!finished.ok()) return finished.status();
  return Status::Ok();
}

}  // namespace krabuan

namespace krabuan {

Status OpenScheduledTasks(CommandContext& ctx, const Node& node, TokenId token) {
  // The same rule as on arrival, now that the window is open (the chain it kept then
  // leaves the window where it was).
  Result<StepTiming> when = ctx.ResolveTaskStep(node);
  if (!when.ok()) return Status::Invalid("task '" + node.id + "': " + when.status().message());
  when->waits_for_window = false;   // a clock set back: open now all the same
  Result<std::optional<std::vector<std::string>>> items = ItemsToOpen(ctx, node);
  if (!items.ok()) return items.status();
  if (!items->has_value()) {
    KRABUAN_RETURN_IF_ERROR(ctx.KeepTaskStep(node, *when));
    return LeaveNode(ctx, node, token);
  }
  return OpenTasks(ctx, node, token, *when, **items);
}

}  // namespace krabuan
