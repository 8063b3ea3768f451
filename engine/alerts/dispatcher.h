// Moves alerts from the outbox to the configured sinks, with retries.
//
//   AlertDispatcher dispatcher(store, clock, std::move(sinks), RetryPolicy{});
//   Result<DispatchResult> r = dispatcher.DeliverDue(100);
//   if (r.ok() && r->next_attempt) sleep_until(*r->next_attempt);   // the daemon's loop
//
// Each (alert, sink) pair has a delivery row (StoreTransaction::EnqueueDeliveries). One
// round: a short write transaction claims (leases) the due rows, the sinks deliver with
// no transaction open (network I/O never holds the SQLite write lock), each sink on its
// own thread, and each outcome is committed as soon as its sink answers (one short write
// transaction for whatever answers have arrived), while the sinks go on. A sink runs at
// most kUnrecordedPerSink deliveries ahead of what is recorded, so a program killed
// mid-round sends again at most that many alerts per sink; the rows it claimed but had
// not tried wait out their lease and go then, once.
//
// Retries are per alert: a failure delays only that alert (its own back-off). One guard:
// once a sink is unreachable in a round (no connection, no answer within its timeout),
// its remaining alerts are not tried in that round and keep their schedule (due, same
// attempts), so a receiver that is down costs one timeout per round, not one per alert.
//
// At least once: a claim is a lease. If the program dies before recording, the rows are
// due again when the lease runs out and are delivered again; receivers de-duplicate by
// the alert id in the message. Nothing is ever deleted: a delivery that runs out of
// attempts (or that the receiver refused) is kept as failed until re-queued.
//
// Not thread-safe: one DeliverDue at a time per dispatcher. Two dispatchers on the same
// database (two daemons) do not deliver the same row twice within a lease.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/alerts/alert_sink.h"
#include "engine/time/clock.h"
#include "engine/status.h"
#include "engine/store/store.h"

namespace krabuan {

struct RetryPolicy {
  std::chrono::seconds initial_delay{30};   // after the first failure
  std::chrono::seconds max_delay{3600};     // the doubling stops here
  int max_attempts = 12;                    // then the delivery is kept as failed
  // Each delay is shortened by a random fraction up to this, so alerts that failed
  // together do not all retry at the same second. 0 makes delays exact (tests).
  double jitter = 0.2;
  // How long a claimed row is left alone before another round may take it again; longer
  // than any sink's timeout.
  std::chrono::seconds lease{300};

  // The delay before attempt `failures + 1`, given `failures` so far (>= 1), and a
  // random number in [0, 1).
  std::chrono::seconds DelayAfter(int failures, double random) const;
};

struct DispatchResult {
  int delivered = 0;
  int retrying = 0;    // failed this round, will be tried again
  int given_up = 0;    // failed this round and now kept as failed
  int deferred = 0;    // not tried: their sink was unreachable earlier in the round (still due)
  // The earliest pending attempt of any configured sink (for the daemon's timer).
  std::optional<Instant> next_attempt;
};

class AlertDispatcher {
 public:
  // `store` and `clock` are borrowed and must outlive the dispatcher. Sink names must be
  // unique and not empty.
  AlertDispatcher(Store& store, const Clock& clock, std::vector<std::unique_ptr<AlertSink>> sinks, RetryPolicy policy);
  AlertDispatcher(const AlertDispatcher&) = delete;
  AlertDispatcher& operator=(const AlertDispatcher&) = delete;

  // How many deliveries a sink may have sent whose outcome is not yet committed.
  static constexpr int kUnrecordedPerSink = 2;

  // One round: queues new alerts for every sink and delivers every delivery due at the
  // round's start, claiming them `limit` at a time, recording each outcome as it comes.
  // Errors: only the store's (sink failures are counted, not returned).
  Result<DispatchResult> DeliverDue(int limit = 100);

  // Replaces the random source of the jitter (tests); it must return values in [0, 1).
  void SetRandom(std::function<double()> random) { random_ = std::move(random); }

  const std::vector<std::unique_ptr<AlertSink>>& sinks() const { return sinks_; }

 private:
  Store& store_;
  const Clock& clock_;
  std::vector<std::unique_ptr<AlertSink>> sinks_;
  std::vector<std::string> names_;
  RetryPolicy policy_;
  std::function<double()> random_;
};

}  // namespace krabuan
