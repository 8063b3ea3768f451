// Alert delivery on the command line: `daemon --once --config FILE` delivers after firing
// timers, and `alerts` shows where each alert stands with each sink.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/session.h"
#include "engine/alerts/dispatcher.h"

namespace krabuan::cli {

// Loads the config, builds its sinks and delivers every due alert (one round, claimed in batches).
// Invalid for a bad config (checked before anything is delivered).
class AlertDelivery {
 public:
  static Result<std::unique_ptr<AlertDelivery>> Load(Session& session, const std::string& config_file);
  Result<DispatchResult> DeliverAll();

 private:
  int batch_size_ = 100;
  std::unique_ptr<AlertDispatcher> dispatcher_;
};

// "webhook ✓ · mail: รอส่งใหม่ (2)" per sink: delivered, pending (attempts), failed.
std::string DeliveriesText(const std::vector<DeliveryRecord>& deliveries);
nlohmann::json DeliveriesJson(const std::vector<DeliveryRecord>& deliveries);

}  // namespace krabuan::cli
