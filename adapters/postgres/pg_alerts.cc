// The PostgreSQL store's alert outbox and deliveries.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/postgres/pg_codec.h"
#include "adapters/postgres/pg_transaction.h"

namespace krabuan::pg {
namespace {

#define KRABUAN_PG_ALERT_COLUMNS "id, created_at, kind, instance_id, task_id, text, payload"
#define KRABUAN_PG_DELIVERY_COLUMNS "alert_id, sink, state, attempts, next_attempt_at, last_error, delivered_at"

AlertRecord ReadAlert(const PgRow& r) {
  return AlertRecord{r.Int64(0), TimeOf(r, 1), r.Text(2), r.Int64(3), r.Int64(4), r.Text(5), r.Text(6)};
}

DeliveryRecord ReadDelivery(const PgRow& r) {
  DeliveryRecord d;
  d.alert_id = r.Int64(0);
  d.sink = r.Text(1);
  d.state = NameOf(r, 2, &DeliveryStateFromName, "delivery state");
  d.attempts = r.Int(3);
  d.next_attempt_at = OptTimeOf(r, 4);
  d.last_error = r.Text(5);
  d.delivered_at = OptTimeOf(r, 6);
  return d;
}

}  // namespace

Result<std::int64_t> PgTransaction::InsertAlert(const AlertRecord& a) {
  return ReadInt(Change("INSERT INTO alerts (created_at, kind, instance_id, task_id, text, payload) "
                        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        Args(a.created_at, a.kind, a.instance_id, a.task_id, a.text, a.payload)));
}

Result<std::vector<AlertRecord>> PgTransaction::ListAlerts(int limit) {
  return ReadAll<AlertRecord>(
      Query("SELECT " KRABUAN_PG_ALERT_COLUMNS " FROM alerts ORDER BY id LIMIT $1", Args(SqlLimit(limit))), ReadAlert);
}

Result<std::int64_t> PgTransaction::CountAlerts() { return ReadInt(Query("SELECT COUNT(*) FROM alerts", {})); }

Result<std::optional<AlertRecord>> PgTransaction::FindAlert(std::int64_t id) {
  return ReadFirst<AlertRecord>(Query("SELECT " KRABUAN_PG_ALERT_COLUMNS " FROM alerts WHERE id = $1", Args(id)),
                                ReadAlert);
}

// Alert ids only grow and the office's writers take turns, so every alert at or below a
// sink's newest row already has its row: the new ones are those above it.
Status PgTransaction::EnqueueDeliveries(const std::string& sink, Instant now) {
  return Change("INSERT INTO alert_deliveries (alert_id, sink, state, attempts, next_attempt_at) "
                "SELECT id, $1::text, 'pending', 0, $2::timestamptz FROM alerts WHERE id > "
                "(SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = $1::text) ORDER BY id "
                "ON CONFLICT DO NOTHING",
                Args(sink, now))
      .status();
}

Result<bool> PgTransaction::HasUnqueuedAlerts(const std::string& sink) {
  Result<PgResult> r = Query("SELECT COALESCE((SELECT MAX(id) FROM alerts), 0) > "
                             "(SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = $1)",
                             Args(sink));
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<bool> { return r->row(0).Bool(0); });
}

// The sinks are one array parameter, so the statement is prepared once whatever the config.
Result<std::vector<DeliveryRecord>> PgTransaction::DueDeliveries(const std::vector<std::string>& sinks, Instant now,
                                                                 int limit) {
  if (sinks.empty()) return std::vector<DeliveryRecord>();
  return ReadAll<DeliveryRecord>(
      Query("SELECT " KRABUAN_PG_DELIVERY_COLUMNS " FROM alert_deliveries WHERE state = 'pending' "
            "AND next_attempt_at <= $1 AND sink = ANY ($2::text[]) ORDER BY next_attempt_at, alert_id LIMIT $3",
            Args(now, TextArray{sinks}, SqlLimit(limit))),
      ReadDelivery);
}

Result<std::optional<Instant>> PgTransaction::NextDeliveryDue(const std::vector<std::string>& sinks) {
  if (sinks.empty()) return std::optional<Instant>();
  Result<PgResult> r = Query("SELECT MIN(next_attempt_at) FROM alert_deliveries WHERE state = 'pending' "
                             "AND sink = ANY ($1::text[])",
                             Args(TextArray{sinks}));
  if (!r.ok()) return r.status();
  return Guard([&]() -> Result<std::optional<Instant>> { return OptTimeOf(r->row(0), 0); });
}

Status PgTransaction::UpdateDelivery(const DeliveryRecord& d) {
  Result<PgResult> r = Change("UPDATE alert_deliveries SET state = $1, attempts = $2, next_attempt_at = $3, "
                              "last_error = $4, delivered_at = $5 WHERE alert_id = $6 AND sink = $7",
                              Args(DeliveryStateName(d.state), d.attempts,
                                   d.state == DeliveryState::kPending ? d.next_attempt_at : std::nullopt,
                                   d.last_error, d.delivered_at, d.alert_id, d.sink));
  if (!r.ok()) return r.status();
  if (r->affected() != 1) {
    return Status::NotFound("no delivery of alert " + std::to_string(d.alert_id) + " to sink '" + d.sink + "'");
  }
  return Status::Ok();
}

Result<std::vector<DeliveryRecord>> PgTransaction::DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) {
  return ReadAll<DeliveryRecord>(Query("SELECT " KRABUAN_PG_DELIVERY_COLUMNS " FROM alert_deliveries "
                                       "WHERE alert_id BETWEEN $1 AND $2 ORDER BY alert_id, sink",
                                       Args(first_alert, last_alert)),
                                 ReadDelivery);
}

}  // namespace krabuan::pg
