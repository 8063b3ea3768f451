// The engine's side of alert delivery: reading delivery state and re-queueing it.
#include "engine/engine.h"
#include "engine/engine_internal.h"
#include "engine/exec/audit_append.h"

namespace krabuan {

Result<std::vector<DeliveryRecord>> Engine::AlertDeliveries(const Actor& actor, std::int64_t first,
                                                            std::int64_t last) {
  auto txn = store_.BeginRead();
  if (!txn.ok()) return txn.status();
  Result<const User*> u = CommandScope(*this, **txn).user(actor);
  if (!u.ok()) return u.status();
  return (*txn)->DeliveriesOf(first, last);
}

Result<int> Engine::RetryAlertDelivery(const Actor& actor, std::int64_t alert, const std::string& sink) {
  auto txn = store_.BeginWrite();
  if (!txn.ok()) return txn.status();
  CommandScope scope(*this, **txn);
  KRABUAN_RETURN_IF_ERROR(scope.admin(actor, "re-queue alert deliveries").status());
  Result<std::optional<AlertRecord>> found = (*txn)->FindAlert(alert);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::NotFound("no alert " + std::to_string(alert));
  Result<std::vector<DeliveryRecord>> rows = (*txn)->DeliveriesOf(alert, alert);
  if (!rows.ok()) return rows.status();
  int requeued = 0;
  bool sink_known = sink.empty();
  for (DeliveryRecord d : *rows) {
    if (!sink.empty() && d.sink != sink) continue;
    sink_known = true;
    if (d.state == DeliveryState::kDelivered) continue;
    d.state = DeliveryState::kPending;
    d.attempts = 0;
    d.next_attempt_at = clock_.Now();
    KRABUAN_RETURN_IF_ERROR((*txn)->UpdateDelivery(d));
    ++requeued;
  }
  if (!sink_known) return Status::NotFound("alert " + std::to_string(alert) + " has no delivery to sink '" + sink + "'");
  KRABUAN_RETURN_IF_ERROR(CommitSealed(**txn, clock_.Now()));
  return requeued;
}

std::unique_ptr<AlertDispatcher> Engine::NewAlertDispatcher(std::vector<std::unique_ptr<AlertSink>> sinks,
                                                            RetryPolicy policy) {
  return std::make_unique<AlertDispatcher>(store_, clock_, std::move(sinks), policy);
}

}  // namespace krabuan
