// An alert sink that runs a program with the alert's JSON message on stdin; exit 0 means
// delivered. The alert id is also in $KRABUAN_ALERT_ID. The program runs without a
// shell, in its own process group, killed with its children at the timeout.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "engine/alerts/alert_sink.h"

namespace krabuan {

class CommandSink final : public AlertSink {
 public:
  CommandSink(std::string name, std::string program, std::vector<std::string> args, std::chrono::milliseconds timeout);
  const std::string& name() const override { return name_; }
  // Any failure (cannot start, non-zero exit, a signal, the timeout) is transient.
  SinkAnswer Deliver(const AlertRecord& alert) override;

 private:
  std::string name_, program_;
  std::vector<std::string> args_;
  std::chrono::milliseconds timeout_;
};

}  // namespace krabuan
