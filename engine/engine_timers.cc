// Timers: the engine acting by itself when their moment comes.

#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"
#include "engine/exec/boundary.h"
#include "engine/exec/command_context.h"
#include "engine/exec/node_processor.h"
#include "engine/exec/recurrence.h"

namespace krabuan {
namespace {

// The engine's own acts are recorded under this name.
const ActingAs kSystem{"krabuan", "", ActingCapacity::kSystem};

// One timer's effect, inside the caller's savepoint: a recurring start's, a scope's, or
// that of the node its token rests at, through the node's processor.
Status Fire(CommandScope& scope, StoreTransaction& txn, const TimerRecord& timer, Instant now) {
  if (timer.kind == TimerKind::kRecur) return FireRecurringStart(scope, txn, timer, now);   // a process's, not an instance's
  KRABUAN_RETURN_IF_ERROR(txn.DeleteTimer(timer.id));
  Result<InstanceRecord> inst = scope.instance(timer.instance_id);
  if (!inst.ok()) return inst.status();
  if (inst->state != InstanceState::kRunning) return Status::Ok();   // nothing left to move
  Result<std::shared_ptr<const ProcessDefinition>> def = scope.definition(inst->definition_id);
  if (!def.ok()) return def.status();
  Result<std::shared_ptr<const Org>> org = scope.org();
  if (!org.ok()) return org.status();
  Result<std::shared_ptr<const HolidayCalendar>> holidays = scope.holidays();
  if (!holidays.ok()) return holidays.status();
  CommandContext ctx(txn, **org, **holidays, **def, *inst, now, kSystem);
  if (timer.kind == TimerKind::kScope) {   // a scope's: its node_id names the scope, not a node
    KRABUAN_RETURN_IF_ERROR(ctx.Load());
    return FireScopeTimer(ctx, timer);
  }
  const Node* node = (*def)->FindNode(timer.node_id);
  if (node == nullptr) return Status::Internal("timer " + std::to_string(timer.id) + " names unknown node '" + timer.node_id + "'");
  return ProcessorFor(node->kind).OnTimer(ctx, *node, timer);
}

}  // namespace

Result<FireResult> Engine::FireDueTimers(int limit, const LeaseClaim* lease) {
  Instant now = clock_.Now();
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  // The fence: checked under the write lock, so a daemon whose lease lapsed (paused,
  // partitioned) can never fire beside the one that took over.
  std::optional<DaemonRecord> daemon;
  if (lease != nullptr) {
    Result<std::optional<DaemonRecord>> d = (*txn)->ReadDaemon();
    if (!d.ok()) return d.status();
    if (!*d || (*d)->holder != lease->holder || (*d)->stopped || (*d)->expires_at <= lease->real_now) {
      return Status::Conflict("the daemon lease is no longer held by " + lease->holder);
    }
    daemon = **d;
  }
  CommandScope scope(*this, **txn);
  Result<std::vector<TimerRecord>> due = (*txn)->DueTimers(now, limit);
  if (!due.ok()) return due.status();
  FireResult result;
  if (!due->empty()) {
    result.lag = std::chrono::duration_cast<std::chrono::seconds>(now - due->front().due_at);
  }
  // Most batches fire without a failure: they run under one savepoint. When a timer
  // fails, the batch is rolled back and fired again one savepoint per timer, so the
  // failing timer is marked and every other one still fires.
  bool clean = true;
  // The cases to seal roll back with the savepoint: a case made inside it (a recurring
  // start) and rolled back is no case to seal.
  const std::set<InstanceId> changed_before = (*txn)->changed_cases;
  KRABUAN_RETURN_IF_ERROR((*txn)->Savepoint());
  for (const TimerRecord& timer : *due) {
    if (!Fire(scope, **txn, timer, now).ok()) {
      clean = false;
      break;
    }
  }
  if (clean) {
    KRABUAN_RETURN_IF_ERROR((*txn)->ReleaseSavepoint());
    result.fired = static_cast<int>(due->size());
  } else {
    KRABUAN_RETURN_IF_ERROR((*txn)->RollbackToSavepoint());
    KRABUAN_RETURN_IF_ERROR((*txn)->ReleaseSavepoint());
    (*txn)->changed_cases = changed_before;
    for (const TimerRecord& timer : *due) {
      const std::set<InstanceId> changed_by_others = (*txn)->changed_cases;
      KRABUAN_RETURN_IF_ERROR((*txn)->Savepoint());
      Status s = Fire(scope, **txn, timer, now);
      if (s.ok()) {
        KRABUAN_RETURN_IF_ERROR((*txn)->ReleaseSavepoint());
        ++result.fired;
      } else {
        KRABUAN_RETURN_IF_ERROR((*txn)->RollbackToSavepoint());
        KRABUAN_RETURN_IF_ERROR((*txn)->ReleaseSavepoint());
        (*txn)->changed_cases = changed_by_others;
        KRABUAN_RETURN_IF_ERROR((*txn)->MarkTimerFailed(timer.id, s.message()));
        ++result.failed;
      }
    }
  }
  Result<std::optional<Instant>> next = (*txn)->NextTimerDue();
  if (!next.ok()) return next.status();
  result.next_due = *next;
  if (daemon) {
    daemon->last_batch_at = lease->real_now;
    daemon->last_batch_fired = result.fired + result.failed;
    daemon->last_lag_seconds = result.lag.count();
    daemon->fired_total += result.fired;
    daemon->clock_now = now;
    KRABUAN_RETURN_IF_ERROR((*txn)->WriteDaemon(*daemon));
  }
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return result;
}

}  // namespace krabuan
