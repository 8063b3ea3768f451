#include "adapters/daemon/fire_once.h"

#include "adapters/daemon/lease_holder.h"

namespace krabuan {

Result<OnceResult> FireDueOnce(Engine& engine, const Clock& clock, int batch) {
  OnceResult out;
  SystemClock real_clock;
  LeaseClaim claim = ClaimForThisProcess(std::chrono::seconds(15));
  claim.real_now = real_clock.Now();
  Result<bool> held = engine.ClaimLease(claim);
  if (!held.ok()) return held.status();
  if (!*held) {
    Result<std::optional<DaemonRecord>> holder = engine.LeaseHolder();
    if (!holder.ok()) return holder.status();
    if (*holder && HolderGone(**holder)) {   // crashed on this machine: no need to wait it out
      claim.take_over = (*holder)->holder;
      held = engine.ClaimLease(claim);
      if (!held.ok()) return held.status();
    }
    if (!*held) {
      out.left_to = *holder;
      return out;
    }
  }
  Instant heartbeat = claim.real_now;
  Status failed = Status::Ok();
  while (true) {
    claim.real_now = real_clock.Now();
    if (claim.real_now - heartbeat >= claim.ttl / 3) {   // a long catch-up keeps its lease
      Result<bool> renewed = engine.ClaimLease(claim);
      if (!renewed.ok() || !*renewed) {
        failed = renewed.ok() ? Status::Conflict("the daemon lease was taken over during the run") : renewed.status();
        break;
      }
      heartbeat = claim.real_now;
    }
    Result<FireResult> r = engine.FireDueTimers(batch, &claim);
    if (!r.ok()) {
      failed = r.status();
      break;
    }
    out.fired.fired += r->fired;
    out.fired.failed += r->failed;
    out.fired.next_due = r->next_due;
    // A full batch may have left more behind, and a firing may set a timer that is
    // already due (a repeating task timer catching up): go on until nothing is due.
    bool more_due = r->next_due && *r->next_due <= clock.Now();
    if (r->fired + r->failed == 0 || (r->fired + r->failed < batch && !more_due)) break;
  }
  claim.real_now = real_clock.Now();
  Status released = engine.ReleaseLease(claim);
  if (!failed.ok()) return failed;
  if (!released.ok()) return released;
  return out;
}

}  // namespace krabuan
