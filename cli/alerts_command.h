// Alerts on the command line: `alerts` shows where each alert stands with each sink.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/session.h"
#include "engine/runtime/records.h"

namespace krabuan::cli {

// "webhook ✓ · mail: รอส่งใหม่ (2)" per sink: delivered, pending (attempts), failed.
std::string DeliveriesText(const std::vector<DeliveryRecord>& deliveries);
nlohmann::json DeliveriesJson(const std::vector<DeliveryRecord>& deliveries);

}  // namespace krabuan::cli
