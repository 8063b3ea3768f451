#include "engine/case_command.h"

namespace krabuan {
namespace {

Status RequireRunning(const InstanceRecord& i) {
  if (i.state == InstanceState::kRunning) return Status::Ok();
  return Status::Refused("instance " + std::to_string(i.id) + " is " + std::string(InstanceStateName(i.state)));
}

}  // namespace

CaseCommand::CaseCommand(Engine& engine, std::unique_ptr<StoreTransaction> txn)
    : txn_(std::move(txn)), scope_(engine, *txn_), now_(engine.clock_.Now()) {}

Result<std::unique_ptr<CaseCommand>> CaseCommand::ForTask(Engine& engine, const Actor& actor, TaskId task,
                                                          const TaskAuthorisation& authorise) {
  auto txn = engine.store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  std::unique_ptr<CaseCommand> c(new CaseCommand(engine, std::move(txn.value())));
  Result<const User*> user = c->scope_.user(actor);
  if (!user.ok()) return user.status();
  c->user_ = *user;
  Result<std::shared_ptr<const Org>> org = c->scope_.org();
  if (!org.ok()) return org.status();
  c->org_ = *org;
  Result<TaskRecord> t = c->scope_.task(task);
  if (!t.ok()) return t.status();
  c->task_ = std::move(t.value());
  Result<ActingAs> who = authorise(*c->txn_, *c->org_, *c->user_, *c->task_, c->now_);
  if (!who.ok()) return who.status();
  who->by = actor.by;
  KRABUAN_RETURN_IF_ERROR(c->OpenCase(c->task_->instance_id, std::move(who.value())));
  c->node_ = c->def_->FindNode(c->task_->node_id);
  if (c->node_ == nullptr) {
    return Status::Internal("task " + std::to_string(task) + " is at unknown node '" + c->task_->node_id + "'");
  }
  return c;
}

Result<std::unique_ptr<CaseCommand>> CaseCommand::ForCase(Engine& engine, const Actor& actor, InstanceId instance,
                                                          std::string_view what) {
  auto txn = engine.store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  std::unique_ptr<CaseCommand> c(new CaseCommand(engine, std::move(txn.value())));
  Result<const User*> user = c->scope_.admin(actor, what);
  if (!user.ok()) return user.status();
  c->user_ = *user;
  Result<std::shared_ptr<const Org>> org = c->scope_.org();
  if (!org.ok()) return org.status();
  c->org_ = *org;
  KRABUAN_RETURN_IF_ERROR(c->OpenCase(instance, ActingAs{actor.login, "admin", ActingCapacity::kAdmin, "", actor.by}));
  return c;
}

Status CaseCommand::OpenCase(InstanceId instance, ActingAs who) {
  Result<InstanceRecord> inst = scope_.instance(instance);
  if (!inst.ok()) return inst.status();
  instance_ = std::move(inst.value());
  KRABUAN_RETURN_IF_ERROR(RequireRunning(instance_));
  Result<std::shared_ptr<const ProcessDefinition>> def = scope_.definition(instance_.definition_id);
  if (!def.ok()) return def.status();
  def_ = *def;
  Result<std::shared_ptr<const HolidayCalendar>> holidays = scope_.holidays();
  if (!holidays.ok()) return holidays.status();
  holidays_ = *holidays;
  ctx_.emplace(*txn_, *org_, *holidays_, *def_, instance_, now_, std::move(who));
  return ctx_->Load();
}

}  // namespace krabuan
