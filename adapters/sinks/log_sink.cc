#include "adapters/sinks/log_sink.h"

#include <exception>

namespace krabuan {

LogSink::LogSink(std::string name, std::shared_ptr<spdlog::logger> logger)
    : name_(std::move(name)), logger_(std::move(logger)) {}

SinkAnswer LogSink::Deliver(const AlertRecord& alert) {
  try {
    logger_->warn("alert {} (case {}, task {}): {}", alert.id, alert.instance_id, alert.task_id, alert.text);
    logger_->flush();
  } catch (const std::exception& e) {
    return SinkAnswer::Failed(std::string("cannot write the log: ") + e.what());
  }
  return SinkAnswer::Delivered();
}

}  // namespace krabuan
