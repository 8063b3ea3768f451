// An alert sink that writes each alert's Thai text to a spdlog logger (stderr, a file or
// syslog, as the config's "log" says). Delivery fails only if the logger throws.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "engine/alerts/alert_sink.h"

namespace krabuan {

class LogSink final : public AlertSink {
 public:
  LogSink(std::string name, std::shared_ptr<spdlog::logger> logger);
  const std::string& name() const override { return name_; }
  SinkAnswer Deliver(const AlertRecord& alert) override;

 private:
  std::string name_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace krabuan
