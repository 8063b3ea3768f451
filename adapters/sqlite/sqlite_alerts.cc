// The SQLite store's alert outbox and deliveries.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sqlite/sqlite_support.h"
#include "adapters/sqlite/sqlite_transaction.h"

namespace krabuan::sqlite {
namespace {

constexpr const char* kDeliveryColumns = "alert_id, sink, state, attempts, next_attempt_at, last_error, delivered_at";

DeliveryRecord DeliveryOf(SQLite::Statement& q) {
  DeliveryRecord d;
  d.alert_id = q.getColumn(0).getInt64();
  d.sink = q.getColumn(1).getString();
  d.state = NameOf(q.getColumn(2), &DeliveryStateFromName, "delivery state");
  d.attempts = q.getColumn(3).getInt();
  d.next_attempt_at = OptTimeOf(q.getColumn(4));
  d.last_error = q.getColumn(5).getString();
  d.delivered_at = OptTimeOf(q.getColumn(6));
  return d;
}

std::string SinkList(std::size_t n) {
  std::string list = "(";
  for (std::size_t i = 0; i < n; ++i) list += i ? ", ?" : "?";
  return list + ")";
}

}  // namespace

Result<std::int64_t> SqliteTransaction::InsertAlert(const AlertRecord& a) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("INSERT INTO alerts (created_at, kind, instance_id, task_id, text, payload) VALUES (?, ?, ?, ?, ?, ?)");
    Bind(q, a.created_at, a.kind, a.instance_id, a.task_id, a.text, a.payload).exec();
    return static_cast<std::int64_t>(db().getLastInsertRowid());
  });
}

Result<std::vector<AlertRecord>> SqliteTransaction::ListAlerts(int limit) {
  return Guard([&]() -> Result<std::vector<AlertRecord>> {
    auto& q = Stmt("SELECT id, created_at, kind, instance_id, task_id, text, payload FROM alerts ORDER BY id LIMIT ?");
    Bind(q, limit);
    std::vector<AlertRecord> out;
    while (q.executeStep()) {
      out.push_back(AlertRecord{q.getColumn(0).getInt64(), TimeOf(q.getColumn(1)), q.getColumn(2).getString(),
                                q.getColumn(3).getInt64(), q.getColumn(4).getInt64(), q.getColumn(5).getString(),
                                q.getColumn(6).getString()});
    }
    return out;
  });
}

Result<std::int64_t> SqliteTransaction::CountAlerts() {
  return Guard([&]() -> Result<std::int64_t> {
    auto& q = Stmt("SELECT COUNT(*) FROM alerts");
    return q.executeStep() ? q.getColumn(0).getInt64() : std::int64_t{0};
  });
}

Result<std::optional<AlertRecord>> SqliteTransaction::FindAlert(std::int64_t id) {
  return Guard([&]() -> Result<std::optional<AlertRecord>> {
    auto& q = Stmt("SELECT id, created_at, kind, instance_id, task_id, text, payload FROM alerts WHERE id = ?");
    if (!Bind(q, id).executeStep()) return std::optional<AlertRecord>();
    return std::optional<AlertRecord>(AlertRecord{q.getColumn(0).getInt64(), TimeOf(q.getColumn(1)),
                                                  q.getColumn(2).getString(), q.getColumn(3).getInt64(),
                                                  q.getColumn(4).getInt64(), q.getColumn(5).getString(),
                                                  q.getColumn(6).getString()});
  });
}

// Alert ids only grow and writers take turns, so every alert at or below a sink's
// newest row already has its row: the new ones are those above it.
Status SqliteTransaction::EnqueueDeliveries(const std::string& sink, Instant now) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("INSERT INTO alert_deliveries (alert_id, sink, state, attempts, next_attempt_at) "
                   "SELECT id, ?1, 'pending', 0, ?2 FROM alerts WHERE id > "
                   "(SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = ?1) ORDER BY id");
    Bind(q, sink, now).exec();
    return Status::Ok();
  });
}

Result<bool> SqliteTransaction::HasUnqueuedAlerts(const std::string& sink) {
  return Guard([&]() -> Result<bool> {
    // Both sides are a MAX over an index (alerts' rowid, alert_deliveries' primary key).
    auto& q = Stmt("SELECT COALESCE((SELECT MAX(id) FROM alerts), 0) > "
                   "(SELECT COALESCE(MAX(alert_id), 0) FROM alert_deliveries WHERE sink = ?)");
    bool more = Bind(q, sink).executeStep() && q.getColumn(0).getInt() != 0;
    return more;
  });
}

Result<std::vector<DeliveryRecord>> SqliteTransaction::DueDeliveries(const std::vector<std::string>& sinks,
                                                                     Instant now, int limit) {
  if (sinks.empty()) return std::vector<DeliveryRecord>();
  return Guard([&]() -> Result<std::vector<DeliveryRecord>> {
    // The sink list varies with the config, so this statement is prepared per call.
    SQLite::Statement q(db(), std::string("SELECT ") + kDeliveryColumns +
                                  " FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= ? AND sink IN " +
                                  SinkList(sinks.size()) + " ORDER BY next_attempt_at, alert_id LIMIT ?");
    int i = 1;
    q.bind(i++, TimeText(now));
    for (const std::string& s : sinks) q.bind(i++, s);
    q.bind(i, limit);
    std::vector<DeliveryRecord> out;
    while (q.executeStep()) out.push_back(DeliveryOf(q));
    return out;
  });
}

Result<std::optional<Instant>> SqliteTransaction::NextDeliveryDue(const std::vector<std::string>& sinks) {
  if (sinks.empty()) return std::optional<Instant>();
  return Guard([&]() -> Result<std::optional<Instant>> {
    SQLite::Statement q(db(), "SELECT MIN(next_attempt_at) FROM alert_deliveries WHERE state = 'pending' AND sink IN " +
                                  SinkList(sinks.size()));
    int i = 1;
    for (const std::string& s : sinks) q.bind(i++, s);
    if (!q.executeStep()) return std::optional<Instant>();
    return OptTimeOf(q.getColumn(0));
  });
}

Status SqliteTransaction::UpdateDelivery(const DeliveryRecord& d) {
  KRABUAN_RETURN_IF_ERROR(RequireWrite());
  return Guard([&]() -> Status {
    auto& q = Stmt("UPDATE alert_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                   "delivered_at = ? WHERE alert_id = ? AND sink = ?");
    if (Bind(q, DeliveryStateName(d.state), d.attempts,
             d.state == DeliveryState::kPending ? d.next_attempt_at : std::nullopt, d.last_error, d.delivered_at,
             d.alert_id, d.sink).exec() != 1) {
      return Status::NotFound("no delivery of alert " + std::to_string(d.alert_id) + " to sink '" + d.sink + "'");
    }
    return Status::Ok();
  });
}

Result<std::vector<DeliveryRecord>> SqliteTransaction::DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) {
  return Guard([&]() -> Result<std::vector<DeliveryRecord>> {
    auto& q = Stmt("SELECT alert_id, sink, state, attempts, next_attempt_at, last_error, delivered_at "
                   "FROM alert_deliveries WHERE alert_id BETWEEN ? AND ? ORDER BY alert_id, sink");
    Bind(q, first_alert, last_alert);
    std::vector<DeliveryRecord> out;
    while (q.executeStep()) out.push_back(DeliveryOf(q));
    return out;
  });
}

}  // namespace krabuan::sqlite
