// The alert outbox and where each alert stands with each sink.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/records.h"
#include "engine/status.h"

namespace krabuan {

// Alert ids ascend and are never given again; alerts and deliveries are never deleted.
// Limits are SQL's: at most `limit` rows, a negative limit is no limit, and 0 gives none.
// Methods marked "Write." return Internal in a read transaction and change nothing.
class AlertStore {
 public:
  virtual ~AlertStore() = default;

  // The outbox. An alert refers to nothing that must exist.
  // Write. Stores every field but `id` and returns the new id.
  virtual Result<std::int64_t> InsertAlert(const AlertRecord& a) = 0;
  // The oldest alerts first (by id).
  virtual Result<std::vector<AlertRecord>> ListAlerts(int limit) = 0;
  virtual Result<std::int64_t> CountAlerts() = 0;
  // nullopt when no alert has the id.
  virtual Result<std::optional<AlertRecord>> FindAlert(std::int64_t id) = 0;

  // Deliveries: one row per (alert, sink), made by EnqueueDeliveries only.
  // Write. Adds a row for every alert newer than the sink's newest row (for a sink never
  // seen: every alert), pending, 0 attempts, due at `now`. Again with no new alert: Ok,
  // nothing added.
  virtual Status EnqueueDeliveries(const std::string& sink, Instant now) = 0;
  // Whether some alert is newer than the sink's newest row (EnqueueDeliveries has work).
  virtual Result<bool> HasUnqueuedAlerts(const std::string& sink) = 0;
  // Pending rows of these sinks due at or before `now`, by due time then alert id (rows
  // of one alert for several sinks due at once: in no set order). No sinks: none.
  virtual Result<std::vector<DeliveryRecord>> DueDeliveries(const std::vector<std::string>& sinks, Instant now,
                                                            int limit) = 0;
  // The earliest due time of these sinks' pending rows; nullopt when none (or no sinks).
  virtual Result<std::optional<Instant>> NextDeliveryDue(const std::vector<std::string>& sinks) = 0;
  // Write. Sets state, attempts, last_error, delivered_at and next_attempt_at (kept only
  // while pending: cleared for any other state) of the row (d.alert_id, d.sink).
  // NotFound when there is no such row.
  virtual Status UpdateDelivery(const DeliveryRecord& d) = 0;
  // Rows of alerts with ids in [first, last], by alert id then sink.
  virtual Result<std::vector<DeliveryRecord>> DeliveriesOf(std::int64_t first_alert, std::int64_t last_alert) = 0;
};

}  // namespace krabuan
