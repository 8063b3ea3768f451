// Alert delivery as the daemon runs it: a config's sinks over one engine's outbox.
//
//   auto delivery = AlertDelivery::Load(engine, "/etc/krabuan/daemon.toml");
//   Result<DispatchResult> round = (*delivery)->DeliverAll();
#pragma once

#include <memory>
#include <string>

#include "engine/alerts/dispatcher.h"
#include "engine/engine.h"

namespace krabuan {

class AlertDelivery {
 public:
  // Loads the config and builds its sinks; Invalid for a bad config, checked before
  // anything is delivered. `engine` is borrowed and must outlive the delivery.
  static Result<std::unique_ptr<AlertDelivery>> Load(Engine& engine, const std::string& config_file);
  // One round: every due alert, claimed in batches of the config's batch size.
  Result<DispatchResult> DeliverAll();

 private:
  int batch_size_ = 100;
  std::unique_ptr<AlertDispatcher> dispatcher_;
};

}  // namespace krabuan
