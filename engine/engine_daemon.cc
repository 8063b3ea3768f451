// The daemon's lease and health: one daemon fires timers at a time, and anyone can ask
// how it is doing.
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"

namespace krabuan {
namespace {

bool Live(const DaemonRecord& d, Instant real_now) { return !d.stopped && d.expires_at > real_now; }

}  // namespace

Result<bool> Engine::ClaimLease(const LeaseClaim& claim) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  Result<std::optional<DaemonRecord>> current = (*txn)->ReadDaemon();
  if (!current.ok()) return current.status();
  bool mine = *current && (*current)->holder == claim.holder;
  bool dead = *current && !claim.take_over.empty() && (*current)->holder == claim.take_over;
  if (*current && !mine && !dead && Live(**current, claim.real_now)) return false;   // someone else's, still live
  DaemonRecord d;
  if (mine && !(*current)->stopped) {
    d = **current;   // a heartbeat: keep the health figures
  } else {
    d.holder = claim.holder;
    d.host = claim.host;
    d.pid = claim.pid;
    d.boot_id = claim.boot_id;
    d.pid_ns = claim.pid_ns;
    d.start_ticks = claim.start_ticks;
    d.started_at = claim.real_now;
    d.clock_now = claim.real_now;
  }
  d.heartbeat_at = claim.real_now;
  d.expires_at = claim.real_now + claim.ttl;
  KRABUAN_RETURN_IF_ERROR((*txn)->WriteDaemon(d));
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return true;
}

Status Engine::ReleaseLease(const LeaseClaim& claim) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  Result<std::optional<DaemonRecord>> current = (*txn)->ReadDaemon();
  if (!current.ok()) return current.status();
  if (!*current || (*current)->holder != claim.holder) return Status::Ok();   // not ours (any more)
  DaemonRecord d = **current;
  d.stopped = true;
  d.heartbeat_at = claim.real_now;
  d.expires_at = claim.real_now;
  KRABUAN_RETURN_IF_ERROR((*txn)->WriteDaemon(d));
  return CommitSealed(**txn, clock_.Now());
}

Result<std::optional<DaemonRecord>> Engine::LeaseHolder() {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  return (*txn)->ReadDaemon();
}

Result<std::vector<TimerRecord>> Engine::FailedTimers(const Actor& actor, int limit) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<const User*> u = CommandScope(*this, **txn).user(actor);
  if (!u.ok()) return u.status();
  return (*txn)->FailedTimers(limit);
}

Status Engine::RearmTimer(const Actor& actor, std::int64_t timer) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  KRABUAN_RETURN_IF_ERROR(scope.admin(actor, "re-arm timers").status());
  Result<std::optional<TimerRecord>> found = (*txn)->FindTimer(timer);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::NotFound("no timer " + std::to_string(timer));
  if ((*found)->error.empty()) return Status::Conflict("timer " + std::to_string(timer) + " has not failed; it is pending");
  KRABUAN_RETURN_IF_ERROR((*txn)->RearmTimer(timer));
  return CommitSealed(**txn, clock_.Now());
}

Result<DaemonHealth> Engine::Health(Instant real_now) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  DaemonHealth h;
  Result<std::optional<DaemonRecord>> d = (*txn)->ReadDaemon();
  if (!d.ok()) return d.status();
  h.daemon = *d;
  h.running = *d && Live(**d, real_now);
  Result<TimerCounts> counts = (*txn)->CountTimers();
  if (!counts.ok()) return counts.status();
  h.timers = *counts;
  Result<std::optional<Instant>> next = (*txn)->NextTimerDue();
  if (!next.ok()) return next.status();
  h.next_due = *next;
  Result<std::int64_t> alerts = (*txn)->CountAlerts();
  if (!alerts.ok()) return alerts.status();
  h.alerts = *alerts;
  return h;
}

}  // namespace krabuan
