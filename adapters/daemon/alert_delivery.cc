#include "adapters/daemon/alert_delivery.h"

#include "adapters/config/config.h"
#include "adapters/sinks/make_sinks.h"

namespace krabuan {

Result<std::unique_ptr<AlertDelivery>> AlertDelivery::Load(Engine& engine, const std::string& config_file) {
  Result<Config> config = LoadConfig(config_file);
  if (!config.ok()) return config.status();
  Result<std::shared_ptr<spdlog::logger>> logger = MakeLogger(config->log);
  if (!logger.ok()) return logger.status();
  Result<std::vector<std::unique_ptr<AlertSink>>> sinks = MakeSinks(*config, *logger);
  if (!sinks.ok()) return sinks.status();
  auto d = std::unique_ptr<AlertDelivery>(new AlertDelivery());
  d->batch_size_ = config->daemon.batch_size;
  d->dispatcher_ = engine.NewAlertDispatcher(std::move(*sinks), config->retry);
  return d;
}

Result<DispatchResult> AlertDelivery::DeliverAll() { return dispatcher_->DeliverDue(batch_size_); }

}  // namespace krabuan
