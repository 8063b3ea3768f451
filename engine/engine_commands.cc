// The engine's write commands. Each runs in one write transaction and commits only
// when every check and every step succeeded.
#include <nlohmann/json.hpp>
#include <set>

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/exec/command_context.h"
#include "engine/exec/detail.h"
#include "engine/exec/escalation.h"
#include "engine/exec/instance_start.h"
#include "engine/exec/stepper.h"
#include "engine/exec/assignments.h"
#include "engine/exec/case_behavior.h"
#include "engine/exec/node_processor.h"
#include "engine/exec/task_behavior.h"
#include "engine/case_command.h"
#include "engine/text/ascii.h"
#include "engine/text/utf8.h"

namespace krabuan {
namespace {

using nlohmann::json;

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
  ActingAs who{actor.login, "", ActingCapacity::kNone, "", actor.by};
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
      problems.push_back("process '" + d.id() + "' has no input '" + name + "' (inputs: " + DeclNames(d.inputs()) + ")");
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
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return id;
}

namespace {

// Claiming, completing: the task must be open and theirs to act on (or to stand in for).
Result<ActingAs> ActOnOpenTask(StoreTransaction& txn, const Org& org, const User& user, const TaskRecord& task,
                               Instant now) {
  KRABUAN_RETURN_IF_ERROR(RequireOpen(task));
  return MayActOrStandIn(txn, org, user, task, now);
}

}  // namespace

Status Engine::Claim(const Actor& actor, TaskId task_id) {
  auto may_claim = [&](StoreTransaction& txn, const Org& org, const User& user, const TaskRecord& task,
                       Instant now) -> Result<ActingAs> {
    Result<ActingAs> who = ActOnOpenTask(txn, org, user, task, now);
    if (!who.ok()) return who;
    if (task.assignee == actor.login) {
      return Status::Refused("task " + std::to_string(task_id) + " is already claimed by '" + actor.login + "'");
    }
    return who;
  };
  Result<std::unique_ptr<CaseCommand>> c = CaseCommand::ForTask(*this, actor, task_id, may_claim);
  if (!c.ok()) return c.status();
  CommandContext& ctx = (*c)->ctx();
  TaskRecord& task = (*c)->task();
  // Taken as the acting officer: on the absent holder's behalf.
  std::string acting_for = ctx.who().capacity == ActingCapacity::kActing ? ctx.who().acting_for : task.acting_for;
  KRABUAN_RETURN_IF_ERROR(
      AssignTask(ctx, task, actor.login, acting_for, "task-claimed", DetailText(json{{"assignee", actor.login}})));
  return (*c)->Commit();
}

Status Engine::Complete(const Actor& actor, const CompleteRequest& request) {
  KRABUAN_RETURN_IF_ERROR(CheckComment(request.comment));
  Result<std::unique_ptr<CaseCommand>> c = CaseCommand::ForTask(*this, actor, request.task, &ActOnOpenTask);
  if (!c.ok()) return c.status();
  const Node& node = (*c)->node();
  KRABUAN_RETURN_IF_ERROR(ProcessorFor(node.kind).OnComplete((*c)->ctx(), node, (*c)->task(),
                                                             {request.outcome, request.fields, request.comment}));
  return (*c)->Commit();
}

Status Engine::Reassign(const Actor& actor, TaskId task_id, const std::string& login, const std::string& comment) {
  KRABUAN_RETURN_IF_ERROR(CheckComment(comment));
  // An administrator, or the one a late task was escalated to (engine/exec/escalation.h).
  auto may_hand_on = [&](StoreTransaction&, const Org& org, const User& user, const TaskRecord& task,
                         Instant) -> Result<ActingAs> {
    bool admin = org.IsAdmin(user);
    if (!admin && (task.escalated_to.empty() || task.escalated_to != actor.login)) {
      return Status::Refused("only an administrator may reassign tasks (or the one task " + std::to_string(task_id) +
                             " was escalated to); '" + actor.login + "' is neither");
    }
    KRABUAN_RETURN_IF_ERROR(RequireOpen(task));
    const User* target = org.FindUser(login);
    if (target == nullptr) return Status::Invalid("unknown user '" + login + "': not in the org file");
    if (!task.role.empty() && !org.CapacityFor(*target, task.role)) {
      return Status::Refused("'" + login + "' may not take task " + std::to_string(task_id) + ": it needs role '" +
                             task.role + "'");
    }
    return admin ? ActingAs{actor.login, "admin", ActingCapacity::kAdmin}
                 : ActingAs{actor.login, task.role, ActingCapacity::kEscalated};
  };
  Result<std::unique_ptr<CaseCommand>> c = CaseCommand::ForTask(*this, actor, task_id, may_hand_on);
  if (!c.ok()) return c.status();
  TaskRecord& task = (*c)->task();
  std::string previous = task.assignee;
  // A deliberate choice of holder, no longer a stand-in: acting_for is cleared.
  KRABUAN_RETURN_IF_ERROR(AssignTask((*c)->ctx(), task, login, "", "task-reassigned",
                                     DetailText(json{{"from", previous}, {"to", login}}), comment));
  return (*c)->Commit();
}

Status Engine::Cancel(const Actor& actor, InstanceId instance_id, const std::string& reason) {
  if (reason.empty()) return Status::Invalid("cancelling needs a reason: --reason TEXT");
  KRABUAN_RETURN_IF_ERROR(CheckComment(reason));
  Result<std::unique_ptr<CaseCommand>> c = CaseCommand::ForCase(*this, actor, instance_id, "cancel an instance");
  if (!c.ok()) return c.status();
  KRABUAN_RETURN_IF_ERROR(CancelCase((*c)->ctx(), reason));
  return (*c)->Commit();
}

}  // namespace krabuan
