// Reading one task, and what a resting case waits for: what a person needs to know
// before acting, without reading the process file.
#include <algorithm>

#include "engine/engine_internal.h"
#include "engine/visibility.h"

namespace krabuan {

namespace {

// The first pending timer of `kind` that belongs to `token`.
std::optional<Instant> TimerOf(const std::vector<TimerRecord>& timers, TimerKind kind, TokenId token) {
  for (const TimerRecord& t : timers) {
    if (t.kind == kind && t.token_id == token && t.error.empty()) return t.due_at;
  }
  return std::nullopt;
}

std::optional<Instant> EarliestDue(const std::vector<const TaskView*>& tasks) {
  std::optional<Instant> out;
  for (const TaskView* t : tasks) {
    if (t->task.due_at && (!out || *t->task.due_at < *out)) out = t->task.due_at;
  }
  return out;
}

// A task node's resting token: its open tasks (one, or one per item), or the window
// it waits for when none has opened yet.
Waiting TaskWaiting(const Node& node, const TokenRecord& token, const std::vector<TimerRecord>& timers,
                    const std::vector<TaskView>& open_tasks) {
  Waiting w;
  w.node_id = node.id;
  w.node_name = node.name;
  std::vector<const TaskView*> here;
  for (const TaskView& t : open_tasks) {
    if (t.task.token_id == token.id) here.push_back(&t);
  }
  for (const TaskView* t : here) w.tasks.push_back(t->task.id);
  if (here.empty()) {
    w.kind = Waiting::Kind::kWindow;
    w.until = TimerOf(timers, TimerKind::kWindow, token.id);
  } else if (!node.for_each.empty()) {
    w.kind = Waiting::Kind::kItems;
    for (const TaskView* t : here) w.missing.push_back(t->task.item);
    w.until = TimerOf(timers, TimerKind::kCutoff, token.id);
    if (!w.until) w.until = EarliestDue(here);
  } else {
    w.kind = Waiting::Kind::kTask;
    w.until = EarliestDue(here);
  }
  return w;
}

}  // namespace

Result<std::vector<Waiting>> WaitingOf(StoreTransaction& txn, const ProcessDefinition& def, InstanceId instance,
                                       const std::vector<TaskView>& open_tasks) {
  Result<std::vector<TokenRecord>> tokens = txn.TokensOf(instance);
  if (!tokens.ok()) return tokens.status();
  Result<std::vector<TimerRecord>> timers = txn.TimersOfInstance(instance);
  if (!timers.ok()) return timers.status();
  std::vector<Waiting> out;
  std::vector<std::string> joins_seen;   // a join's tokens make one entry
  for (const TokenRecord& token : *tokens) {
    const Node* node = def.FindNode(token.node_id);
    if (node == nullptr) continue;
    if (node->kind == NodeKind::kTask) {
      out.push_back(TaskWaiting(*node, token, *timers, open_tasks));
    } else if (node->kind == NodeKind::kWait) {
      Waiting w{Waiting::Kind::kTimer, node->id, node->name, TimerOf(*timers, TimerKind::kWait, token.id), {}, {}};
      out.push_back(std::move(w));
    } else if (node->kind == NodeKind::kJoin &&
               std::find(joins_seen.begin(), joins_seen.end(), node->id) == joins_seen.end()) {
      joins_seen.push_back(node->id);
      Waiting w{Waiting::Kind::kJoin, node->id, node->name, std::nullopt, {}, {}};
      for (const std::string& from : node->incoming) {
        bool arrived = std::any_of(tokens->begin(), tokens->end(), [&](const TokenRecord& t) {
          return t.node_id == node->id && t.arrived_from == from;
        });
        if (!arrived) w.missing.push_back(from);
      }
      out.push_back(std::move(w));
    }
  }
  return out;
}

Result<TaskDetail> Engine::Task(const Actor& actor, TaskId id) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> u = scope.user(actor);
  if (!u.ok()) return u.status();
  Result<TaskRecord> task = scope.task(id);
  if (!task.ok()) return task.status();
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  if (ReadsOwnWorkOnly(**org, **u) && !OwnsTask(**u, *task)) {
    return Status::Refused("task " + std::to_string(id) + " is not '" + (*u)->login + "''s: a school reads only its own tasks");
  }
  Result<InstanceRecord> inst = scope.instance(task->instance_id);
  if (!inst.ok()) return inst.status();
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();
  TaskDetail d;
  if (const Role* role = (*org)->FindRole(task->role)) {
    d.role_name = role->name;
    d.recorded_by = role->recorded_by;
  }
  if (task->state == TaskState::kOpen) {
    Result<std::vector<TimerRecord>> timers = (*txn)->TimersOfInstance(task->instance_id);
    if (!timers.ok()) return timers.status();
    d.cutoff = TimerOf(*timers, TimerKind::kCutoff, task->token_id);
  }
  d.view = MakeTaskView(std::move(task.value()), **def, inst->business_key);
  d.instance = std::move(inst.value());
  return d;
}

}  // namespace krabuan
