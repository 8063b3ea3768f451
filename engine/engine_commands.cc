// The engine's write commands. Each runs in one write transaction and commits only
// when every check and every step succeeded.
#include <nlohmann/json.hpp>
#include <set>

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/command_context.h"
#include "engine/exec/detail.h"
#include "engine/exec/escalation.h"
#include "engine/exec/stepper.h"
#include "engine/text/ascii.h"
#include "engine/text/utf8.h"

namespace krabuan {
namespace {

using nlohmann::json;

std::string Names(const std::vector<VariableDecl>& decls) {
  std::string out;
  for (const VariableDecl& d : decls) {
    if (!out.empty()) out += ", ";
    out += d.name;
  }
  return out.empty() ? "none" : out;
}

std::string OutcomeList(const Node& node) {
  std::string out;
  for (const Outcome& o : node.outcomes) {
    if (!out.empty()) out += ", ";
    out += o.value + " (" + o.label + ")";
  }
  return out;
}

// Blank text: nothing but spaces. A required value must be more than that.
bool IsBlank(std::string_view text) { return Trim(text).empty(); }

// "input 'x' (string) is required: --set x=..." (blank: "…: a blank value does not
// count"), with the choices of an enumerated variable.
std::string RequiredMessage(const std::string& what, const VariableDecl& decl, bool blank) {
  std::string msg = what + " (" + std::string(ValueTypeName(decl.type)) + ") is required";
  msg += blank ? " and may not be blank" : ": --set " + decl.name + "=...";
  if (!decl.options.empty()) msg += " (one of " + decl.OptionList() + ")";
  return msg;
}

// One value per name: a second one is refused, not silently taken over the first (an
// input that routes the case would route it by whichever came last).
std::string TwiceMessage(const std::string& what, const std::vector<Assignment>& given, const std::string& name) {
  std::string values;
  for (const auto& [n, text] : given) {
    if (n == name) values += (values.empty() ? "'" : ", '") + text + "'";
  }
  return what + " is given more than once (" + values + "); give each name once";
}

// For a body's role (recorded-by in the org file): "; group-director (p32) or
// budget-analyst (p34) records it on behalf of <the body>", so a refused user learns whom
// to ask. Empty for the group's own roles.
std::string WhoRecords(const Org& org, const std::string& role_id) {
  const Role* role = org.FindRole(role_id);
  if (role == nullptr || role->recorded_by.empty()) return "";
  std::string who;
  for (std::size_t i = 0; i < role->recorded_by.size(); ++i) {
    const std::string& r = role->recorded_by[i];
    std::string holders;
    for (const User& u : org.users()) {
      if (org.HasRole(u, r)) holders += (holders.empty() ? "" : ", ") + u.login;
    }
    if (i > 0) who += i + 1 == role->recorded_by.size() ? " or " : ", ";
    who += r + (holders.empty() ? "" : " (" + holders + ")");
  }
  return "; " + who + " records it on behalf of " + (role->name.empty() ? role_id : role->name);
}

// Which capacity lets `user` act on an open task, or why not.
Result<ActingAs> MayActOn(const Org& org, const User& user, const TaskRecord& t) {
  std::string id = std::to_string(t.id);
  if (!t.assignee.empty()) {
    // An item's task (a school's) may also be recorded by whoever records for its role,
    // but not done by another item (one school for another).
    if (t.assignee != user.login && !(!t.item.empty() && org.CapacityFor(user, t.role) == Capacity::kRecorder)) {
      return Status::Refused("task " + id + " is assigned to '" + t.assignee + "', not to '" + user.login + "'" +
                             (t.item.empty() ? "" : WhoRecords(org, t.role)));
    }
    if (t.role.empty()) return ActingAs{user.login, "", ActingCapacity::kAssignee};
  }
  std::optional<Capacity> cap = org.CapacityFor(user, t.role);
  if (!cap) {
    if (!t.assignee.empty()) return ActingAs{user.login, t.role, ActingCapacity::kAssignee};
    std::string role_name = RoleName(org, t.role);
    return Status::Refused("'" + user.login + "' may not act on task " + id + ": it needs role '" + t.role + "'" +
                           (role_name.empty() ? "" : " (" + role_name + ")") + ", which '" + user.login +
                           "' does not hold" + WhoRecords(org, t.role));
  }
  return ActingAs{user.login, t.role, *cap == Capacity::kMember ? ActingCapacity::kMember : ActingCapacity::kRecorder};
}

// MayActOn, or standing in: as the one a late task was escalated to, or as the acting
// officer of its absent holder (engine/exec/escalation.h).
Result<ActingAs> MayActOrStandIn(StoreTransaction& txn, const Org& org, const User& user, const TaskRecord& t,
                                 Instant now) {
  Result<ActingAs> own = MayActOn(org, user, t);
  if (own.ok()) {
    if (t.acting_for.empty() || t.assignee != user.login) return own;
    return ActingAs{user.login, t.role, ActingCapacity::kActing, t.acting_for};   // routed to them while the holder was away
  }
  Result<std::optional<ActingAs>> in = StandInCapacity(txn, org, user, t, now);
  if (!in.ok()) return in.status();
  if (in->has_value()) return **in;
  return own;
}

Status RequireOpen(const TaskRecord& t) {
  if (t.state == TaskState::kOpen) return Status::Ok();
  std::string msg = "task " + std::to_string(t.id) + " is already " + std::string(TaskStateName(t.state));
  if (t.state == TaskState::kCompleted) {
    msg += " (by " + t.completed_by + (t.outcome.empty() ? "" : ", outcome " + t.outcome) + ")";
  }
  return Status::Refused(msg);
}

// Comments go into the history as typed; refuse bytes that are not UTF-8 up front.
Status CheckComment(const std::string& comment) {
  if (IsValidUtf8(comment)) return Status::Ok();
  return Status::Invalid("the comment is not valid UTF-8");
}

Status RequireRunning(const InstanceRecord& i) {
  if (i.state == InstanceState::kRunning) return Status::Ok();
  return Status::Refused("instance " + std::to_string(i.id) + " is " + std::string(InstanceStateName(i.state)));
}

}  // namespace

Result<InstanceId> Engine::Start(const Actor& actor, const StartRequest& request) {
  KRABUAN_RETURN_IF_ERROR(CheckComment(request.comment));
  KRABUAN_RETURN_IF_ERROR(CheckComment(request.business_key));
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  const Org& org = **scope.org();

  Result<std::optional<DefinitionRecord>> latest = (*txn)->LatestDefinition(request.process_id);
  if (!latest.ok()) return latest.status();
  if (!latest.value()) {
    return Status::NotFound("no process '" + request.process_id + "' is deployed ('krabuan processes' lists them)");
  }
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition((*latest)->id);
  if (!def.ok()) return def.status();
  const ProcessDefinition& d = **def;

  // Who may start: a holder of one of the process's start roles, or an administrator.
  ActingAs who{actor.login, "", ActingCapacity::kNone};
  for (const std::string& r : d.start_roles()) {
    if (org.HasRole(**user, r)) {
      who.role = r;
      who.capacity = ActingCapacity::kMember;
      break;
    }
  }
  if (who.role.empty()) {
    if (!org.IsAdmin(**user)) {
      std::string roles;
      for (const std::string& r : d.start_roles()) roles += (roles.empty() ? "" : ", ") + r;
      return Status::Refused("'" + actor.login + "' may not start '" + d.id() + "': it is started by " +
                             (roles.empty() ? "administrators only" : "roles " + roles + " or an administrator"));
    }
    who.role = "admin";
    who.capacity = ActingCapacity::kAdmin;
  }

  // Inputs: declared names only, typed, required ones present, defaults applied.
  VariableMap inputs;
  std::vector<std::string> problems;
  std::set<std::string> given;   // a value that failed to parse is wrong, not missing
  std::set<std::string> twice;
  for (const auto& [name, text] : request.inputs) {
    if (!given.insert(name).second) {
      if (twice.insert(name).second) problems.push_back(TwiceMessage("input '" + name + "'", request.inputs, name));
      continue;
    }
    const VariableDecl* decl = d.FindInput(name);
    if (decl == nullptr) {
      problems.push_back("process '" + d.id() + "' has no input '" + name + "' (inputs: " + Names(d.inputs()) + ")");
      continue;
    }
    if (decl->required && IsBlank(text)) {
      problems.push_back(RequiredMessage("input '" + name + "'", *decl, /*blank=*/true));
      continue;
    }
    Result<Value> v = ParseAssigned(*decl, text);
    if (!v.ok()) {
      problems.push_back(v.status().message());
      continue;
    }
    inputs.insert_or_assign(name, std::move(v.value()));
  }
  for (const VariableDecl& decl : d.inputs()) {
    if (given.count(decl.name)) continue;
    if (decl.default_value) {
      inputs.emplace(decl.name, *decl.default_value);
    } else if (decl.required) {
      problems.push_back(RequiredMessage("input '" + decl.name + "'", decl, /*blank=*/false));
    }
  }
  if (!problems.empty()) return Status::InvalidMany(std::move(problems));

  if (!request.business_key.empty()) {
    Result<bool> taken = (*txn)->RunningKeyExists(d.id(), request.business_key);
    if (!taken.ok()) return taken.status();
    if (*taken) {
      return Status::Refused("a running '" + d.id() + "' instance already has key '" + request.business_key + "'");
    }
  }

  Result<std::shared_ptr<const HolidayCalendar>> holidays = scope.holidays();
  if (!holidays.ok()) return holidays.status();
  Result<InstanceId> id = StartInstanceIn(**txn, org, **holidays,
                                          {**latest, d, who, std::move(inputs), request.business_key, request.comment},
                                          json::object(), clock_.Now());
  if (!id.ok()) return id.status();
  KRABUAN_RETURN_IF_ERROR((*txn)->Commit());
  return id;
}

Result<InstanceId> StartInstanceIn(StoreTransaction& txn, const Org& org, const HolidayCalendar& holidays,
                                   const InstanceStart& start, const json& more_detail, Instant now) {
  const ProcessDefinition& d = start.def;
  InstanceRecord inst;
  inst.definition_id = start.record.id;
  inst.process_id = d.id();
  inst.version = start.record.version;
  inst.business_key = start.business_key;
  inst.started_at = now;
  inst.started_by = start.who.user;
  Result<InstanceId> id = txn.InsertInstance(inst);
  if (!id.ok()) return id.status();
  inst.id = *id;

  CommandContext ctx(txn, org, holidays, d, inst, now, start.who);
  json detail = {{"process", d.id()}, {"version", inst.version}};
  if (!inst.business_key.empty()) detail["key"] = inst.business_key;
  detail.update(more_detail);
  KRABUAN_RETURN_IF_ERROR(ctx.Record("started", d.start().id, 0, DetailText(detail), start.comment));
  KRABUAN_RETURN_IF_ERROR(ctx.SetVariable("initiator", Value::String(start.who.user)));
  json set = json::object();
  for (const auto& [name, v] : start.inputs) {
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(name, v));
    set[name] = v.ToText();
  }
  if (!set.empty()) KRABUAN_RETURN_IF_ERROR(ctx.Record("variables-set", d.start().id, 0, DetailText(set)));
  KRABUAN_RETURN_IF_ERROR(RunToRest(ctx, {Arrival{d.start().id, ""}}));
  return inst.id;
}

Status Engine::Claim(const Actor& actor, TaskId task_id) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  Result<TaskRecord> task = scope.task(task_id);
  if (!task.ok()) return task.status();
  KRABUAN_RETURN_IF_ERROR(RequireOpen(*task));
  Result<ActingAs> who = MayActOrStandIn(**txn, **scope.org(), **user, *task, clock_.Now());
  if (!who.ok()) return who.status();
  if (task->assignee == actor.login) {
    return Status::Refused("task " + std::to_string(task_id) + " is already claimed by '" + actor.login + "'");
  }
  Result<InstanceRecord> inst = scope.instance(task->instance_id);
  if (!inst.ok()) return inst.status();
  KRABUAN_RETURN_IF_ERROR(RequireRunning(*inst));
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();

  task->assignee = actor.login;
  if (who->capacity == ActingCapacity::kActing) task->acting_for = who->acting_for;   // taken on the director's behalf
  KRABUAN_RETURN_IF_ERROR((*txn)->UpdateTask(*task));
  CommandContext ctx(**txn, **scope.org(), **scope.holidays(), **def, *inst, clock_.Now(), *who);
  KRABUAN_RETURN_IF_ERROR(ctx.Load());
  KRABUAN_RETURN_IF_ERROR(ctx.Record("task-claimed", task->node_id, task_id, DetailText(json{{"assignee", actor.login}})));
  return (*txn)->Commit();
}

Status Engine::Complete(const Actor& actor, const CompleteRequest& request) {
  KRABUAN_RETURN_IF_ERROR(CheckComment(request.comment));
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  Result<TaskRecord> task = scope.task(request.task);
  if (!task.ok()) return task.status();
  KRABUAN_RETURN_IF_ERROR(RequireOpen(*task));
  Result<ActingAs> who = MayActOrStandIn(**txn, **scope.org(), **user, *task, clock_.Now());
  if (!who.ok()) return who.status();
  Result<InstanceRecord> inst = scope.instance(task->instance_id);
  if (!inst.ok()) return inst.status();
  KRABUAN_RETURN_IF_ERROR(RequireRunning(*inst));
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();
  const Node* node = (*def)->FindNode(task->node_id);
  if (node == nullptr) return Status::Internal("task " + std::to_string(task->id) + " is at unknown node '" + task->node_id + "'");
  std::string id = std::to_string(task->id);

  // The outcome: required when the task offers some, refused when it offers none. Its
  // problem is reported with the fields', so one refusal says everything to put right.
  std::vector<std::string> problems;
  std::string outcome;
  if (!node->outcomes.empty()) {
    if (request.outcome.empty()) {
      problems.push_back("task " + id + " needs an outcome: --outcome one of " + OutcomeList(*node));
    } else if (const Outcome* o = node->FindOutcome(request.outcome); o == nullptr) {
      problems.push_back("unknown outcome '" + request.outcome + "' for task " + id + "; expected one of " +
                         OutcomeList(*node));
    } else {
      outcome = o->value;
    }
  } else if (!request.outcome.empty()) {
    problems.push_back("task " + id + " (" + node->name + ") takes no outcome");
  }

  CommandContext ctx(**txn, **scope.org(), **scope.holidays(), **def, *inst, clock_.Now(), *who);
  KRABUAN_RETURN_IF_ERROR(ctx.Load());

  // Fields: only this task's, typed; required ones must hold a value afterwards.
  VariableMap fields;
  std::set<std::string> given, twice;
  for (const auto& [name, text] : request.fields) {
    if (!given.insert(name).second) {
      if (twice.insert(name).second) {
        problems.push_back("task " + id + ": " + TwiceMessage("field '" + name + "'", request.fields, name));
      }
      continue;
    }
    const VariableDecl* decl = node->FindField(name);
    if (decl == nullptr) {
      problems.push_back("task " + id + " has no field '" + name + "' (fields: " + Names(node->fields) + ")");
      continue;
    }
    if (decl->required && IsBlank(text)) {
      problems.push_back("task " + id + ": " + RequiredMessage("field '" + name + "'", *decl, /*blank=*/true));
      continue;
    }
    Result<Value> v = ParseAssigned(*decl, text);
    if (!v.ok()) {
      problems.push_back("task " + id + ": " + v.status().message());
      continue;
    }
    fields.insert_or_assign(name, std::move(v.value()));
  }
  // An item's fields are its own: <task>.<item>.<field>; the node's total comes when all are in.
  std::string scope_prefix = task->item.empty() ? "" : node->id + "." + task->item + ".";
  for (const VariableDecl& f : node->fields) {
    if (f.required && !given.count(f.name) && !ctx.variables().count(scope_prefix + f.name)) {
      problems.push_back("task " + id + ": " + RequiredMessage("field '" + f.name + "'", f, /*blank=*/false));
    }
  }
  if (!problems.empty()) return Status::InvalidMany(std::move(problems));

  task->state = TaskState::kCompleted;
  task->outcome = outcome;
  task->completed_at = clock_.Now();
  task->completed_by = actor.login;
  if (task->assignee.empty()) task->assignee = actor.login;
  KRABUAN_RETURN_IF_ERROR((*txn)->UpdateTask(*task));
  KRABUAN_RETURN_IF_ERROR((*txn)->DeleteTimersOfTask(task->instance_id, task->id));   // no overdue alert for done work

  json detail = json::object();
  if (!outcome.empty()) {
    detail["outcome"] = outcome;
    detail["label"] = node->FindOutcome(outcome)->label;
  }
  KRABUAN_RETURN_IF_ERROR(ctx.Record("task-completed", node->id, task->id, DetailText(detail), request.comment));
  json set = json::object();
  for (const auto& [name, v] : fields) {
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(scope_prefix + name, v));
    set[scope_prefix + name] = v.ToText();
  }
  if (!set.empty()) KRABUAN_RETURN_IF_ERROR(ctx.Record("variables-set", node->id, task->id, DetailText(set)));
  if (!task->item.empty()) {
    if (!outcome.empty()) KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(scope_prefix + "outcome", Value::String(outcome)));
    Result<bool> finished = FinishItemsIfDone(ctx, *node, task->token_id);
    if (!finished.ok()) {
      if (finished.status().kind() != ErrorKind::kInvalid) return finished.status();
      return Status::Invalid("task " + id + ": " + finished.status().message());
    }
    return (*txn)->Commit();
  }
  if (!outcome.empty()) {
    // Conditions read `outcome` (the latest decision) or `<task>.outcome` (a given one).
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable("outcome", Value::String(outcome)));
    KRABUAN_RETURN_IF_ERROR(ctx.SetVariable(node->id + ".outcome", Value::String(outcome)));
  }
  KRABUAN_RETURN_IF_ERROR(LeaveNode(ctx, *node, task->token_id, task->id));
  return (*txn)->Commit();
}

Status Engine::Reassign(const Actor& actor, TaskId task_id, const std::string& login, const std::string& comment) {
  KRABUAN_RETURN_IF_ERROR(CheckComment(comment));
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  const Org& org = **scope.org();
  Result<TaskRecord> task = scope.task(task_id);
  if (!task.ok()) return task.status();
  // The one a late task was escalated to may hand it on too (engine/exec/escalation.h).
  bool escalated_to_them = !task->escalated_to.empty() && task->escalated_to == actor.login;
  if (!org.IsAdmin(**user) && !escalated_to_them) {
    return Status::Refused("only an administrator may reassign tasks (or the one task " + std::to_string(task_id) +
                           " was escalated to); '" + actor.login + "' is neither");
  }
  KRABUAN_RETURN_IF_ERROR(RequireOpen(*task));
  const User* target = org.FindUser(login);
  if (target == nullptr) return Status::Invalid("unknown user '" + login + "': not in the org file");
  if (!task->role.empty() && !org.CapacityFor(*target, task->role)) {
    return Status::Refused("'" + login + "' may not take task " + std::to_string(task_id) + ": it needs role '" +
                           task->role + "'");
  }
  Result<InstanceRecord> inst = scope.instance(task->instance_id);
  if (!inst.ok()) return inst.status();
  KRABUAN_RETURN_IF_ERROR(RequireRunning(*inst));
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();
  std::string previous = task->assignee;
  task->assignee = login;
  task->acting_for.clear();   // a deliberate choice of holder, no longer a stand-in
  KRABUAN_RETURN_IF_ERROR((*txn)->UpdateTask(*task));
  ActingAs who = org.IsAdmin(**user) ? ActingAs{actor.login, "admin", ActingCapacity::kAdmin} : ActingAs{actor.login, task->role, ActingCapacity::kEscalated};
  CommandContext ctx(**txn, **scope.org(), **scope.holidays(), **def, *inst, clock_.Now(), who);
  KRABUAN_RETURN_IF_ERROR(ctx.Load());
  KRABUAN_RETURN_IF_ERROR(ctx.Record("task-reassigned", task->node_id, task_id,
                                     DetailText(json{{"from", previous}, {"to", login}}), comment));
  return (*txn)->Commit();
}

Status Engine::Cancel(const Actor& actor, InstanceId instance_id, const std::string& reason) {
  if (reason.empty()) return Status::Invalid("cancelling needs a reason: --reason TEXT");
  KRABUAN_RETURN_IF_ERROR(CheckComment(reason));
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  Result<const User*> user = scope.user(actor);
  if (!user.ok()) return user.status();
  if (!(*scope.org())->IsAdmin(**user)) {
    return Status::Refused("only an administrator may cancel an instance; '" + actor.login + "' is not one");
  }
  Result<InstanceRecord> inst = scope.instance(instance_id);
  if (!inst.ok()) return inst.status();
  KRABUAN_RETURN_IF_ERROR(RequireRunning(*inst));
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();
  CommandContext ctx(**txn, **scope.org(), **scope.holidays(), **def, *inst, clock_.Now(), ActingAs{actor.login, "admin", ActingCapacity::kAdmin});
  KRABUAN_RETURN_IF_ERROR(ctx.Load());

  TaskQuery q;
  q.all = true;
  q.instance = instance_id;
  Result<std::vector<TaskRecord>> open = (*txn)->ListTasks(q);
  if (!open.ok()) return open.status();
  for (TaskRecord& t : *open) {
    t.state = TaskState::kCancelled;
    t.completed_at = clock_.Now();
    t.completed_by = actor.login;
    KRABUAN_RETURN_IF_ERROR((*txn)->UpdateTask(t));
    KRABUAN_RETURN_IF_ERROR(ctx.Record("task-cancelled", t.node_id, t.id, "{}"));
  }
  for (const TokenRecord& t : ctx.tokens()) KRABUAN_RETURN_IF_ERROR((*txn)->DeleteToken(t.id));
  KRABUAN_RETURN_IF_ERROR((*txn)->DeleteTimersOfInstance(instance_id));
  inst->state = InstanceState::kCancelled;
  inst->ended_at = clock_.Now();
  inst->end_reason = reason;
  KRABUAN_RETURN_IF_ERROR((*txn)->UpdateInstance(*inst));
  KRABUAN_RETURN_IF_ERROR(ctx.Record("cancelled", "", 0, "{}", reason));
  return (*txn)->Commit();
}

}  // namespace krabuan
